/// One problem in a spec file, located at `file:line:column` (the format editors parse).
///
/// An error stops the command (exit code 2); a warning names something dfsim accepts but that is
/// probably not what was meant (`64 KB` is 64,000 bytes), and is printed without stopping.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    /// How bad a problem is.
    public enum Severity: String, Hashable, Sendable {
        case error, warning
    }

    public var file: String
    public var line: Int
    public var column: Int
    public var message: String
    public var hint: String?
    public var severity: Severity

    public init(file: String, line: Int, column: Int, message: String, hint: String? = nil, severity: Severity = .error) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.hint = hint
        self.severity = severity
    }

    /// `arch/x.yaml:14:7: error: unknown key 'capcity'; did you mean 'capacity'?` and an indented hint line
    /// (`warning:` for a warning).
    public var description: String {
        var text = "\(file):\(line):\(column): \(severity.rawValue): \(message)"
        if let hint { text += "\n  hint: \(hint)" }
        return text
    }
}

/// Every problem found in one or more spec files; thrown once after a whole file was read.
public struct SpecError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// Suggests the closest known word for a misspelled one (edit distance ≤ 2, a swap of two
/// neighbours counting as one edit, or a prefix match). A word that shares no letter in place with
/// the candidate (`x` for `m`) gets no suggestion.
enum Suggestion {
    static func closest(to word: String, in candidates: [String]) -> String? {
        var best: (String, Int)?
        for candidate in candidates {
            let d = distance(word.lowercased(), candidate.lowercased())
            let close = d <= max(1, min(2, candidate.count / 3)) && d < max(word.count, candidate.count)
            if close || (word.count >= 3 && candidate.hasPrefix(word)) {
                if best == nil || d < best!.1 { best = (candidate, d) } // invariant: best checked for nil first
            }
        }
        return best?.0
    }

    static func didYouMean(_ word: String, _ candidates: [String]) -> String {
        if let s = closest(to: word, in: candidates) { return "; did you mean '\(s)'?" }
        return ""
    }

    /// Edit distance counting insertions, deletions, substitutions and swaps of neighbours
    /// (`GBL` → `GLB` is one edit).
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var beforePrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + [Int](repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], beforePrevious[j - 2] + 1)
                }
            }
            beforePrevious = previous
            previous = current
        }
        return previous[b.count]
    }
}

extension Array where Element == Diagnostic {
    /// The diagnostics by position: files in the order they first appear, then by line and column
    /// (a stable sort, so diagnostics at one position keep their order).
    public func inFileOrder() -> [Diagnostic] {
        var files: [String] = []
        for d in self where !files.contains(d.file) { files.append(d.file) }
        return enumerated().sorted { a, b in
            let fa = files.firstIndex(of: a.element.file) ?? 0, fb = files.firstIndex(of: b.element.file) ?? 0
            return (fa, a.element.line, a.element.column, a.offset) < (fb, b.element.line, b.element.column, b.offset)
        }.map(\.element)
    }
}
