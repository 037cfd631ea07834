/// Escaping for text and attribute values in XHTML-compatible HTML5 and inline SVG.
enum XML {
    /// `s` with `&`, `<`, `>`, `"` and `'` replaced by entities, and characters XML forbids
    /// (control characters other than tab and newline) dropped, so any layer or variant name
    /// yields well-formed markup.
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The text ``escape(_:)`` made `s` from (the five entities it writes, back to characters).
    static func unescape(_ s: String) -> String {
        s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// Attributes rendered as ` key="value"`, in the order given; `nil` values are left out.
    static func attributes(_ pairs: [(String, String?)]) -> String {
        pairs.compactMap { key, value in value.map { " \(key)=\"\(escape($0))\"" } }.joined()
    }
}
