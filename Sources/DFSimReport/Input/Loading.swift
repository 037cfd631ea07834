import DFSimResultsFormat
import Foundation

extension ResultsFile {
    /// Decodes `folder/name` for the report: a ``ResultsFileError`` becomes a ``ReportError``,
    /// and a file with nothing to report (`isEmpty`) is one too, naming `what` it lacks.
    static func loadForReport<T: Decodable>(_ type: T.Type, folder: URL, name: String, what: String,
                                            isEmpty: (T) -> Bool) throws -> T {
        let file = folder.appendingPathComponent(name)
        let value: T
        do { value = try decode(type, at: file) } catch let error as ResultsFileError { throw ReportError(error.message) }
        guard !isEmpty(value) else { throw ReportError("\(file.path): no \(what) to report") }
        return value
    }

    /// ``ResultsFile/decode(_:at:)`` with its error as a ``ReportError``.
    static func decodeForReport<T: Decodable>(_ type: T.Type, at url: URL) throws -> T {
        do { return try decode(type, at: url) } catch let error as ResultsFileError { throw ReportError(error.message) }
    }
}

extension RunResults {
    /// Loads `folder/details.json`.
    public static func load(folder: URL) throws -> RunResults {
        try ResultsFile.loadForReport(RunResults.self, folder: folder, name: "details.json", what: "layers") { $0.layers.isEmpty }
    }
}

extension SweepResults {
    /// Loads `folder/sweep.json`.
    public static func load(folder: URL) throws -> SweepResults {
        try ResultsFile.loadForReport(SweepResults.self, folder: folder, name: "sweep.json", what: "points") { $0.points.isEmpty }
    }
}
