import DFSimResultsFormat
import Foundation

/// The kind of a results folder, told by which file it holds.
public enum ResultsFolderKind: String, Sendable, CaseIterable {
    /// `details.json`, written by `dfsim run`.
    case run
    /// `compare.json`, written by `dfsim compare`, with one run folder per variant.
    case compare
    /// `sweep.json`, written by `dfsim sweep`.
    case sweep

    /// The file that marks the kind.
    public var indexFile: String {
        switch self {
        case .run: return "details.json"
        case .compare: return "compare.json"
        case .sweep: return "sweep.json"
        }
    }

    /// The kind of `folder`: compare and sweep take precedence over run, since their folders may
    /// also hold run results.
    public static func detect(_ folder: URL) throws -> ResultsFolderKind {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ReportError("\(folder.path): no such folder")
        }
        for kind in [ResultsFolderKind.compare, .sweep, .run]
        where FileManager.default.fileExists(atPath: folder.appendingPathComponent(kind.indexFile).path) {
            return kind
        }
        throw ReportError("\(folder.path) is not a results folder: it has no details.json (dfsim run), compare.json (dfsim compare) or sweep.json (dfsim sweep)")
    }
}

/// One self-contained HTML report of a results folder, built only from the folder's files, and
/// each of its charts as an SVG file of its own beside it (for papers and slides).
///
/// ```swift
/// let written = try HTMLReport.writeFiles(folder: URL(fileURLWithPath: "results/sweep-pe-glb"),
///                                         options: ReportOptions(colorBy: "levels.GLB.size"))
/// // results/sweep-pe-glb/report.html, report-pareto.svg, report-area.svg
/// ```
///
/// The page is XHTML-compatible HTML5 with inline CSS and inline SVG charts: no scripts, fonts,
/// images or network access; it parses as XML, and so does every chart file.
public enum HTMLReport {
    /// The file name written into the folder.
    public static let fileName = "report.html"

    /// What ``writeFiles(folder:options:)`` wrote.
    public struct Written: Sendable {
        /// `report.html`.
        public var page: URL
        /// `report-<chart>.svg`, one per chart, in page order.
        public var charts: [URL]
    }

    /// The report of `folder` as text.
    /// - Throws: ``ReportError`` naming the file at fault when the folder is not a results folder
    ///   or one of its files is missing or malformed, or naming the option at fault when
    ///   `options` (which only a sweep folder takes) names no parameter or objective of the sweep.
    public static func render(folder: URL, options: ReportOptions = ReportOptions()) throws -> String {
        let kind = try ResultsFolderKind.detect(folder)
        if kind != .sweep, !options.isEmpty {
            throw ReportError("--color-by, --line-by and --pareto apply to a sweep folder (sweep.json); \(folder.path) holds a \(kind.rawValue) (\(kind.indexFile))")
        }
        switch kind {
        case .run:
            let run = try RunResults.load(folder: folder)
            var page = HTMLPage(title: "\(run.workload) on \(run.arch)")
            page.append(RunPage(run: run).render())
            return page.render()
        case .compare:
            let compare = try CompareResults.load(folder: folder)
            var page = HTMLPage(title: "\(compare.workload): \(compare.variants.map(\.name).joined(separator: " vs "))")
            page.append(ComparePage(compare: compare).render())
            return page.render()
        case .sweep:
            let sweep = try SweepResults.load(folder: folder)
            let figure = try SweepFigure.resolve(sweep, options: options, file: folder.appendingPathComponent(kind.indexFile).path)
            var page = HTMLPage(title: "Sweep \(sweep.sweep)")
            page.append(SweepPage(sweep: sweep, figure: figure).render())
            return page.render()
        }
    }

    /// Writes `folder/report.html` and the chart files (``writeFiles(folder:options:)``); returns
    /// the page's URL.
    @discardableResult
    public static func write(folder: URL, options: ReportOptions = ReportOptions()) throws -> URL {
        try writeFiles(folder: folder, options: options).page
    }

    /// Writes `folder/report.html` and every chart of it as `folder/report-<chart>.svg` (the
    /// chart's `data-chart` name with each character outside `A-Za-z0-9_-` as `-`, and `-2`, `-3`, …
    /// after a name already taken); removes `report-*.svg` files of an earlier report that this
    /// one no longer has.
    public static func writeFiles(folder: URL, options: ReportOptions = ReportOptions()) throws -> Written {
        let html = try render(folder: folder, options: options)
        let url = folder.appendingPathComponent(fileName)
        var charts: [URL] = []
        func save(_ text: String, _ url: URL, _ what: String) throws {
            do { try text.write(to: url, atomically: true, encoding: .utf8) } catch {
                throw ReportError("\(url.path): cannot write the \(what) (\(error.localizedDescription))")
            }
        }
        try save(html, url, "report")
        for chart in ChartFile.extract(from: html) {
            let file = folder.appendingPathComponent(chart.fileName)
            try save(chart.text, file, "chart")
            charts.append(file)
        }
        let kept = Set(charts.map(\.lastPathComponent))
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for name in names where ChartFile.isChartFileName(name) && !kept.contains(name) {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
        }
        return Written(page: url, charts: charts)
    }
}
