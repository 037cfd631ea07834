import ArgumentParser
import DFSimReport
import Foundation

/// `dfsim report RESULTS_DIR`: one self-contained HTML page of a run, compare or sweep folder,
/// and each chart as its own SVG file beside it.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write RESULTS_DIR/report.html: charts and tables of a run, compare or sweep folder.",
        discussion: "Built only from the folder's files (details.json, compare.json or sweep.json); one HTML file with inline SVG, viewable offline, and each chart also as report-<chart>.svg. A sweep's figures follow its sweep file's plot: unless --color-by, --line-by or --pareto say otherwise. See docs/report.md.")

    @Argument(help: "A folder written by dfsim run, compare or sweep.") var resultsDir: String

    @Option(name: .customLong("color-by"), help: ArgumentHelp("Sweep: colour (and shape) the points by this parameter.", valueName: "parameter"))
    var colorBy: String?

    @Option(name: .customLong("line-by"), help: ArgumentHelp("Sweep: join points that differ only in this parameter with lines.", valueName: "parameter"))
    var lineBy: String?

    @Option(name: .customLong("pareto"), help: ArgumentHelp("Sweep: the Pareto front's objectives, comma-separated (default energy,latency; also edp, onchip_words, pes).", valueName: "objectives"))
    var pareto: String?

    var options: ReportOptions {
        ReportOptions(colorBy: colorBy, lineBy: lineBy,
                      pareto: pareto.map { $0.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) } })
    }

    func run() throws {
        let url = try writeHTMLReport(folder: resultsDir, options: options)
        print("wrote \(url.path)")
    }
}

/// Writes `folder/report.html` (and its `report-<chart>.svg` files); a missing or malformed
/// results file, or an option naming nothing in the sweep, prints its message and exits with code 2.
func writeHTMLReport(folder: String, options: ReportOptions = ReportOptions()) throws -> URL {
    do {
        return try HTMLReport.write(folder: URL(fileURLWithPath: folder), options: options)
    } catch let error as ReportError {
        printError("error: \(error.message)")
        throw ExitCode(2)
    }
}
