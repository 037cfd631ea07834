import DFSimSpec
import Foundation
import Yams

/// A node of one Timeloop input file, so that every problem found in it can be reported at
/// `file:line:column`.
struct Located {
    let file: String
    let node: Node

    var mark: (line: Int, column: Int) { (node.mark?.line ?? 1, node.mark?.column ?? 1) }
    var string: String? { node.scalar?.string }
    var isNull: Bool { node.scalar.map { $0.string == "null" || $0.string == "~" || $0.string.isEmpty } ?? false }

    /// The items of a sequence (nil for anything else).
    var items: [Located]? {
        guard case .sequence(let seq) = node else { return nil }
        return seq.map { Located(file: file, node: $0) }
    }

    /// The pairs of a mapping in file order (nil for anything else); keys as written.
    var pairs: [(key: String, keyNode: Located, value: Located)]? {
        guard case .mapping(let mapping) = node else { return nil }
        return mapping.map { (key: $0.key.scalar?.string ?? "", keyNode: Located(file: file, node: $0.key), value: Located(file: file, node: $0.value)) }
    }

    /// The value of `key` in a mapping, matching Timeloop's spellings: `-` and `_` are the same
    /// (`block-size` is `block_size`, `read-write` is `read_write`).
    subscript(_ key: String) -> Located? { entry(key)?.value }

    func entry(_ key: String) -> (keyNode: Located, value: Located)? {
        let wanted = Located.normalized(key)
        guard let pairs else { return nil }
        return pairs.first { Located.normalized($0.key) == wanted }.map { ($0.keyNode, $0.value) }
    }

    /// The first of several synonymous keys that is present.
    func entry(anyOf keys: [String]) -> (key: String, keyNode: Located, value: Located)? {
        for key in keys { if let e = entry(key) { return (key, e.keyNode, e.value) } }
        return nil
    }

    static func normalized(_ key: String) -> String { key.replacingOccurrences(of: "-", with: "_") }

    /// The YAML tag written on the node (`!Container`), or nil for an implicit one.
    var explicitTag: String? {
        let raw = node.tag.description
        return raw.hasPrefix("!") && !raw.hasPrefix("!!") ? raw : nil
    }
}

/// Collects every problem of a translation, so a run reports them all at once.
struct Problems {
    private(set) var diagnostics: [Diagnostic] = []

    mutating func error(_ at: Located, _ message: String, hint: String? = nil) {
        let (line, column) = at.mark
        let d = Diagnostic(file: at.file, line: line, column: column, message: message, hint: hint)
        if !diagnostics.contains(d) { diagnostics.append(d) }
    }

    mutating func error(file: String, _ message: String, hint: String? = nil) {
        diagnostics.append(Diagnostic(file: file, line: 1, column: 1, message: message, hint: hint))
    }

    var isEmpty: Bool { diagnostics.isEmpty }

    func finish() throws(SpecError) {
        if !diagnostics.isEmpty { throw SpecError(diagnostics.inFileOrder()) }
    }

    // MARK: - Typed values

    /// A whole number from `minimum` (Timeloop writes some as floats: `16.0`).
    mutating func int(_ at: Located, _ what: String, minimum: Int = 1) -> Int? {
        let text = at.string?.replacingOccurrences(of: "_", with: "") ?? ""
        var value = Int(text)
        if value == nil, let d = Double(text), d.isFinite, d == d.rounded(), abs(d) < 1e15 { value = Int(d) }
        guard let value else {
            error(at, "\(what) must be a whole number, got \(Problems.describe(at))")
            return nil
        }
        guard value >= minimum else {
            error(at, "\(what) must be at least \(minimum), got \(value)")
            return nil
        }
        return value
    }

    mutating func number(_ at: Located, _ what: String) -> Double? {
        guard let text = at.string, let value = Double(text), value.isFinite else {
            error(at, "\(what) must be a number, got \(Problems.describe(at))")
            return nil
        }
        return value
    }

    mutating func string(_ at: Located, _ what: String) -> String? {
        guard let s = at.string, !s.isEmpty, at.node.scalar != nil else {
            error(at, "\(what) must be a string, got \(Problems.describe(at))")
            return nil
        }
        return s
    }

    /// A list of names: a YAML list, or one string of names separated by spaces or commas.
    mutating func names(_ at: Located, _ what: String) -> [String]? {
        if let items = at.items {
            var out: [String] = []
            for item in items {
                guard let s = string(item, "each item of \(what)") else { return nil }
                out.append(s)
            }
            return out
        }
        if at.isNull { return [] }
        guard let s = at.string else {
            error(at, "\(what) must be a list of names, got \(Problems.describe(at))")
            return nil
        }
        return s.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
    }

    static func describe(_ at: Located) -> String {
        switch at.node {
        case .scalar(let s): return s.string.isEmpty ? "nothing" : "'\(s.string)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }
}

/// Loads a Timeloop input file; a missing file or bad YAML is reported at once.
enum TimeloopFile {
    static func load(_ path: String) throws(SpecError) -> Located {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot read the file" : "no such file"
            throw SpecError([Diagnostic(file: path, line: 1, column: 1, message: "\(reason): '\(path)'")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw SpecError([Diagnostic(file: path, line: 1, column: 1, message: "the file is not UTF-8 text")])
        }
        return try parse(text: text, file: path)
    }

    static func parse(text: String, file: String) throws(SpecError) -> Located {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            switch error {
            case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _):
                let what = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
                throw SpecError([Diagnostic(file: file, line: mark.line, column: mark.column, message: "invalid YAML: \(what)")])
            case .duplicatedKeysInMapping(let keys, let context):
                throw SpecError([Diagnostic(file: file, line: context.mark.line, column: context.mark.column,
                                            message: "the key '\(keys.first ?? "")' appears twice in the same mapping")])
            default:
                throw SpecError([Diagnostic(file: file, line: 1, column: 1, message: "invalid YAML: \(error)")])
            }
        } catch {
            throw SpecError([Diagnostic(file: file, line: 1, column: 1, message: "cannot parse YAML: \(error)")])
        }
        guard let node else {
            throw SpecError([Diagnostic(file: file, line: 1, column: 1, message: "the file is empty")])
        }
        return Located(file: file, node: node)
    }
}
