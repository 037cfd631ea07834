/// Why a report could not be written: a missing, unreadable or malformed results file, named in
/// the message (`results/x/details.json: layers[2].energy_pj: expected a number`).
public struct ReportError: Error, CustomStringConvertible, Sendable {
    /// A complete sentence naming the file at fault.
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
