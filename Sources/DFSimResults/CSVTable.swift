import Foundation

/// A CSV file: a header and rows, quoted as RFC 4180 says (a field holding a comma, a quote or a
/// line break is enclosed in quotes, its quotes doubled), one record per `\n`-terminated line.
///
/// ```swift
/// var table = CSVTable(header: ["layer", "energy_pj"])
/// table.append(["conv1, first", "1.5"])
/// table.text  // "layer,energy_pj\n\"conv1, first\",1.5\n"
/// ```
public struct CSVTable: Sendable, Equatable {
    public var header: [String]
    public var rows: [[String]]

    public init(header: [String], rows: [[String]] = []) {
        self.header = header
        self.rows = rows
    }

    /// Appends a row; it must have one field per column.
    public mutating func append(_ row: [String]) {
        precondition(row.count == header.count, "a CSV row has \(row.count) fields for \(header.count) columns") // invariant
        rows.append(row)
    }

    /// The file's text.
    public var text: String { ([header] + rows).map(Self.line).joined() }

    /// One record, quoted where needed, with its line break.
    public static func line(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\n"
    }

    /// One field, quoted when it holds a comma, a quote or a line break.
    public static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A number as CSV text: Swift's shortest round-trip form (`0.1`, `1e-05`, `42`).
    public static func number(_ value: Double) -> String { "\(value)" }
}
