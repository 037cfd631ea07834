import ArgumentParser
import Foundation

@main
struct DFSimCommand: ParsableCommand {
    /// The release, defined only here: `dfsim --version` prints it, and CITATION.cff's `version:`
    /// must match it (`Tests/dfsimTests/VersionCLITests.swift`).
    static let version = "0.9.0"

    static let configuration = CommandConfiguration(
        commandName: "dfsim",
        abstract: "A dataflow simulator for DNN accelerators: einsum workloads, YAML architectures, Timeloop-exact costs.",
        discussion: "Spec errors print as file:line:column and exit with code 2.",
        version: "dfsim \(version)",
        subcommands: [Run.self, Compare.self, Model.self, Stats.self, Check.self, Sweep.self, Merge.self, Report.self, Import.self])

    /// Parses and runs; bad usage exits with code 2 (docs/format.md §6) instead of ArgumentParser's 64.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let exit as ExitCode {
            Self.exit(withError: exit)
        } catch {
            let code = exitCode(for: error)
            if code == .success || code == .validationFailure || error is CleanExit {
                if code == .success { Self.exit(withError: error) }
                printError(fullMessage(for: error))
                Foundation.exit(2)
            }
            printError("error: \(error)")
            Foundation.exit(1)
        }
    }
}
