import ArgumentParser
import DFSim
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

/// Prints `diagnostics` on standard error (`file:line:column: warning: …` with its hint line, like
/// errors) and exits with code 2 when any of them is an error.
func printDiagnostics(_ diagnostics: [Diagnostic]) throws {
    for d in diagnostics { printError(d.description) }
    if diagnostics.contains(where: { $0.severity == .error }) { throw ExitCode(2) }
}

/// The warnings of the specs a command reads, and the checks that need the architecture and the
/// workload together (a `keep:` entry naming no tensor of the workload is an error, exit code 2):
/// called once both loaded, before any search starts. `dataflows`: the presets the command applies
/// (`nil`: each architecture's own).
func reportSpecWarnings(architectures: [String], dataflows: [DataflowPreset?] = [nil], workload: String, batch: Int? = nil) throws {
    var diagnostics: [Diagnostic] = []
    let network = try WorkloadSpec.load(workload, batch: batch, warnings: &diagnostics)
    for path in architectures {
        for preset in dataflows {
            let found = try SpecBinding.check(architecture: path, dataflow: preset, workload: network, workloadFile: workload)
            for d in found where !diagnostics.contains(d) { diagnostics.append(d) }
        }
    }
    try printDiagnostics(diagnostics)
}

/// ``reportSpecWarnings(architectures:dataflows:workload:batch:)`` for a sweep: its base
/// architecture against each of its workloads, in every dataflow of its points.
func reportSpecWarnings(sweep plan: SweepPlan) throws {
    try printDiagnostics(try SpecBinding.check(sweep: plan))
}
