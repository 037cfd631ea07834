/// A results folder that cannot be written, resumed or merged as asked, in a sentence that says
/// what to do (`results/x holds results of another sweep …; use another --out`). The CLI prints
/// it and exits with code 2.
public struct ResultsError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
