import ArgumentParser
import DFSimReport
import Foundation

/// `dfsim report RESULTS_DIR`: one self-contained HTML page of a run, compare or sweep folder.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write RESULTS_DIR/report.html: charts and tables of a run, compare or sweep folder.",
        discussion: "Built only from the folder's files (details.json, compare.json or sweep.json); one HTML file with inline SVG, viewable offline. See docs/report.md.")

    @Argument(help: "A folder written by dfsim run, compare or sweep.") var resultsDir: String

    func run() throws {
        let url = try writeHTMLReport(folder: resultsDir)
        print("wrote \(url.path)")
    }
}

/// Writes `folder/report.html`; a missing or malformed results file prints its name and exits with code 2.
func writeHTMLReport(folder: String) throws -> URL {
    do {
        return try HTMLReport.write(folder: URL(fileURLWithPath: folder))
    } catch let error as ReportError {
        printError("error: \(error.message)")
        throw ExitCode(2)
    }
}
