import DFSimResultsFormat
import Foundation

extension ResultsFile {
    /// ``ResultsFile/decode(_:at:)`` with its error as a ``ReportError``.
    static func decodeForReport<T: Decodable>(_ type: T.Type, at url: URL) throws -> T {
        do { return try decode(type, at: url) } catch let error as ResultsFileError { throw ReportError(error.message) }
    }
}

extension RunResults {
    /// Loads `folder/details.json`.
    public static func load(folder: URL) throws -> RunResults {
        let file = folder.appendingPathComponent("details.json")
        let results = try ResultsFile.decodeForReport(RunResults.self, at: file)
        guard !results.layers.isEmpty else { throw ReportError("\(file.path): no layers to report") }
        return results
    }
}

extension SweepResults {
    /// Loads `folder/sweep.json`.
    public static func load(folder: URL) throws -> SweepResults {
        let file = folder.appendingPathComponent("sweep.json")
        let sweep = try ResultsFile.decodeForReport(SweepResults.self, at: file)
        guard !sweep.points.isEmpty else { throw ReportError("\(file.path): no points to report") }
        return sweep
    }
}
