import DFSimResultsFormat
import Foundation

/// Writes a results folder so that it never mixes two results and is never half-written unnoticed.
///
/// - Every file is rendered in memory first, so a value that cannot be written (a non-finite
///   number) fails before anything touches the disk.
/// - A folder that holds other results (a sweep, a compare, or a run of another architecture or
///   workload) is refused unless `force`; with `force` the stale files of the kind being written
///   are removed. A re-run of the same architecture and workload replaces its files and removes
///   the mapping files of layers it no longer has.
/// - `.incomplete` marks the folder while files are written and is removed last: a folder without
///   it holds complete results.
/// - `--out` naming a file, or a folder that cannot be created or written, is a one-line error.
public struct ResultsFolder: Sendable {
    public let url: URL
    /// Clear stale results instead of refusing the folder.
    public let force: Bool

    public init(_ url: URL, force: Bool = false) {
        self.url = url
        self.force = force
    }

    /// The marker present while a folder is being written.
    public static let incompleteMarker = ".incomplete"

    /// What the folder holds now, told by its index files.
    enum Content: Equatable {
        case empty
        case run(arch: String, workload: String, mappingFiles: [String])
        case compare
        case sweep
        case other
    }

    func content() -> Content {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: url.path), !names.isEmpty else { return .empty }
        if names.contains("manifest.json") || names.contains("points.jsonl") { return .sweep }
        if names.contains("compare.json") { return .compare }
        if names.contains("details.json") {
            guard let run = try? ResultsFile.decode(RunResults.self, at: url.appendingPathComponent("details.json")) else { return .other }
            return .run(arch: run.arch, workload: run.workload, mappingFiles: run.layers.map { RunOutput.mappingFileName($0.name) })
        }
        return names.allSatisfy { $0 == Self.incompleteMarker || $0 == "report.html" || $0.hasSuffix(".svg") } ? .empty : .other
    }

    /// Creates the folder if needed; refuses a path that is a file.
    func create() throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw ResultsError("--out \(url.path) is a file, not a folder; give a folder path") }
            return
        }
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw ResultsError("cannot create the folder \(url.path): \(Self.ancestorProblem(of: url) ?? Self.reason(error))")
        }
    }

    /// Checks, before any search, that a run of `workload` on `arch` may write here; returns the
    /// stale mapping files a write will remove. Does not create the folder.
    @discardableResult
    public func checkRun(arch: String, workload: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw ResultsError("--out \(url.path) is a file, not a folder; give a folder path")
        }
        switch content() {
        case .empty: return []
        case let .run(oldArch, oldWorkload, mappingFiles):
            if (oldArch, oldWorkload) != (arch, workload), !force {
                throw ResultsError("\(url.path) holds the results of \(oldWorkload) on \(oldArch), not \(workload) on \(arch); use another --out, or --force to replace them")
            }
            return mappingFiles
        case .compare, .sweep, .other:
            guard force else {
                throw ResultsError("\(url.path) already holds other files (\(describe())); use another --out, or --force to replace dfsim's results in it")
            }
            return (try? FileManager.default.contentsOfDirectory(atPath: url.path).filter { $0.hasSuffix(".mapping.yaml") }) ?? []
        }
    }

    /// Writes a run's files (`files`: name → text) into the folder, as described above.
    public func writeRun(arch: String, workload: String, files: [(name: String, text: String)]) throws {
        let stale = try checkRun(arch: arch, workload: workload)
        try create()
        try put(Self.incompleteMarker, "written by dfsim; removed when every file is complete\n")
        let names = Set(files.map(\.name))
        for name in stale where !names.contains(name) {
            try? FileManager.default.removeItem(at: url.appendingPathComponent(name))
        }
        for file in files { try put(file.name, file.text) }
        try? FileManager.default.removeItem(at: url.appendingPathComponent(Self.incompleteMarker))
    }

    /// Checks, before any search, that a compare may write here: the folder is new, empty or
    /// holds a compare (whose files it replaces); anything else needs `force`.
    public func prepareCompare() throws {
        try create()
        switch content() {
        case .empty, .compare: return
        case .run, .sweep, .other:
            guard force else {
                throw ResultsError("\(url.path) already holds \(describe()); use another --out, or --force to write the compare into it")
            }
        }
    }

    /// Writes files of another kind (compare's index, a sweep's final files) into a folder this
    /// process owns, with the incomplete marker around them.
    public func write(files: [(name: String, text: String)]) throws {
        try create()
        try put(Self.incompleteMarker, "written by dfsim; removed when every file is complete\n")
        for file in files { try put(file.name, file.text) }
        try? FileManager.default.removeItem(at: url.appendingPathComponent(Self.incompleteMarker))
    }

    func describe() -> String {
        switch content() {
        case .sweep: return "a sweep"
        case .compare: return "a compare"
        case let .run(arch, workload, _): return "a run of \(workload) on \(arch)"
        case .other, .empty: return "files that are not dfsim results"
        }
    }

    func put(_ name: String, _ text: String) throws {
        let file = url.appendingPathComponent(name)
        do {
            try text.write(to: file, atomically: true, encoding: .utf8)
        } catch {
            throw ResultsError("cannot write \(file.path): \(Self.reason(error))")
        }
    }

    /// Why a folder cannot be created below its nearest existing ancestor: that ancestor is a
    /// file, or it is not writable; `nil` when neither explains it.
    static func ancestorProblem(of url: URL) -> String? {
        var ancestor = url.deletingLastPathComponent()
        let fm = FileManager.default
        while !fm.fileExists(atPath: ancestor.path), ancestor.path != "/" { ancestor = ancestor.deletingLastPathComponent() }
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: ancestor.path, isDirectory: &isDirectory) else { return nil }
        if !isDirectory.boolValue { return "\(ancestor.path) is a file" }
        if !fm.isWritableFile(atPath: ancestor.path) { return "\(ancestor.path) is not writable (permission denied)" }
        return nil
    }

    /// The underlying POSIX reason of a Foundation error, in words ("Permission denied").
    static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        switch ns.code {
        case NSFileWriteNoPermissionError: return "permission denied"
        case NSFileWriteOutOfSpaceError: return "no space left on the device"
        case NSFileWriteVolumeReadOnlyError: return "the file system is read-only"
        case NSFileNoSuchFileError, NSFileWriteInvalidFileNameError: return "no such folder"
        default: return ns.localizedDescription
        }
    }
}
