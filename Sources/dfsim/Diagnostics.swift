import ArgumentParser
import DFSimResults
import DFSimSpec
import Foundation

/// Writes to standard error.
func printError(_ text: String, newline: Bool = true) {
    FileHandle.standardError.write(Data((text + (newline ? "\n" : "")).utf8))
}

/// Bad input: the diagnostics were printed; exit with code 2 (docs/format.md §6).
struct BadInput: Error {}

/// Runs a subcommand body, turning spec errors into `file:line:column` diagnostics and exit code 2.
func reportingSpecErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as SpecError {
        printError(error.description)
        throw ExitCode(2)
    } catch let error as UsageError {
        printError("error: \(error.message)")
        throw ExitCode(2)
    } catch let error as ResultsError {
        printError("error: \(error.message)")
        throw ExitCode(2)
    }
}

/// A command-line mistake that is not a spec error (e.g. an unknown layer name).
struct UsageError: Error {
    var message: String
}
