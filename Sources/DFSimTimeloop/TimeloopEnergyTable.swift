import DFSimSpec
import Foundation

/// An Accelergy energy reference table (ERT): per component, the energy of each action (pJ).
///
/// Read as Timeloop reads it (`Topology::Specs::ParseAccelergyERT`): the component is the last
/// dotted part of the table's name without its instance range (`system.PE[0..167].ifmap_spad` →
/// `ifmap_spad`, `system_top_level.DRAM[1..1]` → `DRAM`), and an action listed with several
/// argument sets costs the largest of their energies. Versions 0.3 and 0.4 list tables;
/// version 0.2 maps names to actions.
struct TimeloopEnergyTable {
    var actions: [String: [String: Double]] = [:]
    var at: Located

    /// Timeloop's priority lists from its action names to the ERT's.
    static let readActions = ["random_read", "read"]
    static let fillActions = ["random_fill", "random_write", "fill", "write"]
    static let updateActions = ["random_update", "random_write", "update", "write"]
    static let computeActions = ["mac_random", "mult_random", "mac", "mult", "compute"]

    func energy(_ component: String, _ priority: [String]) -> Double? {
        guard let table = actions[component] else { return nil }
        for name in priority { if let e = table[name] { return e } }
        return nil
    }

    static func read(_ root: Located, _ p: inout Problems) -> TimeloopEnergyTable? {
        guard let ert = root["ERT"] else {
            p.error(root, "no 'ERT:' in the energy reference table file")
            return nil
        }
        guard let tables = ert["tables"] else {
            p.error(ert, "the ERT has no 'tables'")
            return nil
        }
        var table = TimeloopEnergyTable(at: ert)
        if let items = tables.items {
            for item in items {
                guard let n = item["name"], let name = p.string(n, "a table's 'name'") else {
                    if item["name"] == nil { p.error(item, "each ERT table needs a 'name'") }
                    continue
                }
                var entry: [String: Double] = [:]
                for action in item["actions"]?.items ?? [] {
                    guard let an = action["name"], let aname = p.string(an, "an action's 'name'") else { continue }
                    guard let e = action["energy"], let v = p.number(e, "the energy of '\(aname)' of \(name)") else {
                        if action["energy"] == nil { p.error(action, "action '\(aname)' of \(name) has no 'energy'") }
                        continue
                    }
                    entry[aname] = max(entry[aname] ?? 0, v)
                }
                table.add(name, entry, at: item, &p)
            }
        } else if let pairs = tables.pairs {
            for pair in pairs {
                var entry: [String: Double] = [:]
                for action in pair.value.pairs ?? [] {
                    let entries = action.value.items ?? [action.value]
                    for e in entries {
                        if let en = e["energy"], let v = p.number(en, "the energy of '\(action.key)' of \(pair.key)") {
                            entry[action.key] = max(entry[action.key] ?? 0, v)
                        }
                    }
                }
                table.add(pair.key, entry, at: pair.keyNode, &p)
            }
        } else {
            p.error(tables, "'tables' must be a list (ERT v0.3/v0.4) or a mapping (v0.2), got \(Problems.describe(tables))")
            return nil
        }
        return table
    }

    private mutating func add(_ fullName: String, _ entry: [String: Double], at: Located, _ p: inout Problems) {
        let component = Self.componentName(fullName)
        if component == "wire" || component == "Wire" {
            if (entry["transfer_random"] ?? 0) != 0 {
                p.error(at, "the ERT prices wire transfers ('\(fullName)'): Timeloop's legacy network energy cannot be translated",
                        hint: "dfsim prices network transfers only through its energy table (docs/format.md §4.3)")
            }
            return
        }
        actions[component, default: [:]].merge(entry) { max($0, $1) }
    }

    /// `system_top_level.DRAM[1..1]` → `DRAM`.
    static func componentName(_ full: String) -> String {
        var name = full
        if name.hasSuffix("]"), let open = name.lastIndex(of: "[") { name = String(name[..<open]) }
        if let dot = name.lastIndex(of: ".") { name = String(name[name.index(after: dot)...]) }
        return name
    }
}
