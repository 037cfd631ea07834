import ArgumentParser
import DFSim
import DFSimSpec
import Foundation
import TextTable

/// `dfsim check FILE...`: validate specs without running anything.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate architecture, workload, mapping and sweep files; print every problem as file:line:column.",
        discussion: "A file with 'levels:' is an architecture, one with 'layers:' a workload, one with 'mapping:' a mapping, one with 'dram:' and 'sram:' an energy table, one with 'arch:' and 'vary:' or 'points:' a sweep (every point is checked). A mapping file needs --arch and --workload (and --layer when the workload has several layers). With --workload, architectures are also checked against that workload (every 'keep:' entry must be a role or one of its tensors). Warnings (accepted, but probably not meant) print like errors and are counted at the end; only errors give exit code 2.")

    @Argument(help: "Spec files to check.") var files: [String]
    @Option(help: "Architecture the mapping files are for.") var arch: String?
    @Option(help: "Workload the mapping files are for; architectures are checked against it too.") var workload: String?
    @Option(help: "Layer of the workload the mapping files are for.") var layer: String?
    @Flag(help: "Only say 'ok' per good file: leave out the resolved design of architectures (per level the size in words and bytes, instances, per-word energies and where they come from, bandwidths), printed by default.")
    var brief = false

    func run() throws {
        var warnings = 0, errors = 0
        for file in files {
            do {
                let diagnostics = try checkOne(file)
                for d in diagnostics { printError(d.description) }
                warnings += diagnostics.filter { $0.severity == .warning }.count
                let failed = diagnostics.filter { $0.severity == .error }.count
                errors += failed
                if failed == 0 { print("\(file): ok") }
                if !brief, failed == 0, try SpecFileKind.detect(file) == .architecture {
                    print(DesignTable.text(try ArchitectureSpec.load(file)))
                }
            } catch let error as SpecError {
                printError(error.description)
                errors += max(1, error.diagnostics.count)
            } catch let error as UsageError {
                printError("\(file): error: \(error.message)")
                errors += 1
            }
        }
        // Only with warnings: a run with errors alone prints exactly the errors.
        if warnings > 0 { printError(Self.countLine(warnings: warnings, errors: errors)) }
        if errors > 0 { throw ExitCode(2) }
    }

    /// `2 warnings`, `1 warning, 3 errors`.
    static func countLine(warnings: Int, errors: Int) -> String {
        func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        return plural(warnings, "warning") + (errors > 0 ? ", " + plural(errors, "error") : "")
    }

    /// The file's warnings (and the errors of checking an architecture against `--workload`);
    /// its errors are thrown.
    func checkOne(_ file: String) throws -> [Diagnostic] {
        var warnings: [Diagnostic] = []
        switch try SpecFileKind.detect(file) {
        case .architecture:
            _ = try ArchitectureSpec.load(file, warnings: &warnings)
            guard let workload else { return warnings }
            let network = try WorkloadSpec.load(workload)
            return try SpecBinding.check(architecture: file, dataflow: nil, workload: network, workloadFile: workload)
        case .workload: _ = try WorkloadSpec.load(file, warnings: &warnings)
        case .energyTable: _ = try EnergyTableSpec.load(file)
        case .sweep: warnings = try SpecBinding.check(sweep: try SweepSpec.load(file)) // every point's architecture is validated
        case .mapping:
            guard let arch, let workload else {
                throw UsageError(message: "checking a mapping needs --arch and --workload")
            }
            let architecture = try ArchitectureSpec.load(arch)
            let (_, einsum) = try selectLayer(try WorkloadSpec.load(workload), named: layer, file: workload)
            _ = try MappingSpec.load(file, einsum: einsum, architecture: architecture)
        }
        return warnings
    }
}

/// The resolved design of an architecture, one row per level and one for the MAC, in the manner
/// of Accelergy's energy reference table (ERT): what every access costs and where that figure
/// comes from (the energy table's formula, or a value set in the architecture).
enum DesignTable {
    struct Row {
        var level = "", kind = "", keep = "", words = "", bytes = "", instances = ""
        var bits = "", read = "", write = "", update = "", bandwidth = "", source = ""
    }

    static func text(_ a: Architecture) -> String {
        var rows: [Row] = []
        for (index, level) in a.levels.enumerated() {
            let keep: String
            switch level.keep {
            case .all: keep = "all"
            case .auto: keep = "auto"
            case .only(let keys): keep = keys.isEmpty ? "none" : keys.joined(separator: ", ")
            }
            rows.append(Row(level: level.name + (level.fanout.map { " (\($0.x)×\($0.y))" } ?? ""), kind: level.kind.rawValue,
                            keep: index == 0 ? "all" : keep,
                            words: level.sizeWords.map(String.init) ?? "unbounded",
                            bytes: level.sizeWords.map { bytes($0 * level.wordBits / 8) } ?? "",
                            instances: String(a.physicalInstances(ofLevel: index)), bits: String(level.wordBits),
                            read: fmt(level.readEnergy), write: fmt(level.writeEnergy), update: fmt(level.updateEnergy),
                            bandwidth: bandwidth(level.bandwidth), source: level.energySource))
        }
        rows.append(Row(level: "MAC", kind: a.compute.op, instances: String(a.totalPEs), bits: String(a.wordBits),
                        read: fmt(a.compute.energyPerMAC), source: a.compute.energySource))
        let table = TextTable<Row> {
            [Column(title: "level", value: $0.level), Column(title: "kind", value: $0.kind), Column(title: "keeps", value: $0.keep),
             Column(title: "words", value: $0.words, align: .right), Column(title: "bytes", value: $0.bytes, align: .right),
             Column(title: "inst", value: $0.instances, align: .right), Column(title: "bits", value: $0.bits, align: .right),
             Column(title: "read pJ", value: $0.read, align: .right), Column(title: "write pJ", value: $0.write, align: .right),
             Column(title: "update pJ", value: $0.update, align: .right),
             Column(title: "words/cycle", value: $0.bandwidth), Column(title: "energy from", value: $0.source)]
        }
        let head = "design \(a.name): \(a.levels.count) levels, \(a.totalPEs) PEs, \(fmt(a.clockMHz)) MHz; "
            + "energy table \(a.energyTableName) (\(a.energyTableSource)); MAC energy in the read column"
        let lines = (table.string(for: rows) ?? "").split(separator: "\n")
        return ([head] + lines.map { String($0.reversed().drop { $0 == " " }.reversed()) }).joined(separator: "\n")
    }

    /// `8 r+w`, `r 32, w 16`, `unlimited` (per instance).
    static func bandwidth(_ b: Bandwidth) -> String {
        if let shared = b.shared { return "\(fmt(shared)) r+w" }
        if b.read == nil && b.write == nil { return "unlimited" }
        return "r \(b.read.map(fmt) ?? "unlimited"), w \(b.write.map(fmt) ?? "unlimited")"
    }

    /// `128 KiB`, `1.5 MiB`, `96 B`.
    static func bytes(_ n: Int) -> String {
        let units: [(String, Int)] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)]
        for (unit, size) in units where n >= size {
            return String(format: "%g \(unit)", Double(n) / Double(size))
        }
        return "\(n) B"
    }

    static func fmt(_ x: Double) -> String { String(format: "%.6g", x) }
}
