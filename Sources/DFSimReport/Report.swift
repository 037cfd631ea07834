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

/// One self-contained HTML report of a results folder, built only from the folder's files.
///
/// ```swift
/// let url = try HTMLReport.write(folder: URL(fileURLWithPath: "results/eyeriss_like-alexnet"))
/// // results/eyeriss_like-alexnet/report.html
/// ```
///
/// The page is XHTML-compatible HTML5 with inline CSS and inline SVG charts: no scripts, fonts,
/// images or network access; it parses as XML.
public enum HTMLReport {
    /// The file name written into the folder.
    public static let fileName = "report.html"

    /// The report of `folder` as text.
    /// - Throws: ``ReportError`` naming the file at fault when the folder is not a results folder
    ///   or one of its files is missing or malformed.
    public static func render(folder: URL) throws -> String {
        switch try ResultsFolderKind.detect(folder) {
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
            var page = HTMLPage(title: "Sweep \(sweep.sweep)")
            page.append(SweepPage(sweep: sweep).render())
            return page.render()
        }
    }

    /// Writes `folder/report.html` and returns its URL.
    @discardableResult
    public static func write(folder: URL) throws -> URL {
        let html = try render(folder: folder)
        let url = folder.appendingPathComponent(fileName)
        do {
            try html.write(to: url, atomically: true, encoding: .utf8)
        } catch {
            throw ReportError("\(url.path): cannot write the report (\(error.localizedDescription))")
        }
        return url
    }
}
