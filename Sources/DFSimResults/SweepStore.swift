import DFSim
import DFSimResultsFormat
import DFSimSpec
import Foundation

/// `manifest.json` of a sweep results folder: which sweep (and shard) it holds, its parameters,
/// workloads and points in order, so `merge` and resuming need nothing but the folder.
public struct SweepManifest: Codable, Equatable, Sendable {
    public struct Point: Codable, Equatable, Sendable {
        public var id: String
        public var key: String
        public var values: [String]
    }

    public var format = 1
    public var sweep: String
    public var fingerprint: String
    public var objective: String
    public var parameters: [String]
    public var workloads: [String]
    public var points: [Point]
    /// `I/N` for a shard's folder; absent for a whole sweep (and a merge).
    public var shard: String?
    /// The sweep file's `plot:`, for `sweep.json` (absent when the file has none), so a merge
    /// writes it from the manifest alone.
    public var plot: SweepResults.Plot?

    enum CodingKeys: String, CodingKey {
        case format = "dfsim_sweep", sweep, fingerprint, objective, parameters, workloads, points, shard, plot
    }

    public init(plan: SweepPlan, shard: Shard?) {
        sweep = plan.name
        fingerprint = plan.fingerprint
        objective = plan.objective.rawValue
        parameters = plan.parameters
        workloads = plan.workloads.map(\.name)
        points = plan.points.map { Point(id: $0.point.id, key: $0.point.key, values: $0.point.values) }
        self.shard = shard?.description
        plot = plan.plot.map { SweepResults.Plot(color: $0.color, line: $0.line, pareto: $0.pareto) }
    }

    /// The points this folder is responsible for: its shard's share, or all of them.
    public var ownPoints: [Point] {
        guard let text = shard, let s = try? Shard.parse(text) else { return points }
        return points.enumerated().filter { s.contains(position: $0.offset) }.map(\.element)
    }
}

/// A sweep results folder: the manifest, the append-only `points.jsonl` and a lock that keeps two
/// processes from writing the same folder.
public struct SweepStore: Sendable {
    public let folder: String

    public init(folder: String) { self.folder = folder }

    public var manifestPath: String { path("manifest.json") }
    public var linesPath: String { path("points.jsonl") }
    func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }

    /// Creates the folder and takes its lock for the life of the process (the returned handle holds it).
    public func lock() throws -> FileHandle {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let fd = open(path(".lock"), O_CREAT | O_RDWR, 0o644)
        guard fd >= 0 else { throw ResultsError("cannot create \(path(".lock")): \(String(cString: strerror(errno)))") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw ResultsError("another dfsim process is writing \(folder); wait for it, or use another --out")
        }
        return FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }

    public func readManifest() throws -> SweepManifest? {
        guard let data = FileManager.default.contents(atPath: manifestPath) else { return nil }
        do { return try JSONDecoder().decode(SweepManifest.self, from: data) } catch {
            throw ResultsError("\(manifestPath) is not a dfsim sweep manifest (\(error.localizedDescription)); delete the folder to start over")
        }
    }

    public func write(_ manifest: SweepManifest) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try (String(decoding: try encoder.encode(manifest), as: UTF8.self) + "\n")
            .write(toFile: manifestPath, atomically: true, encoding: .utf8)
    }

    /// The records of every complete line of `points.jsonl`, in file order. A last line without its
    /// newline (the process was killed while writing it) is ignored, and cut off when `repair` is
    /// set so that the next append starts a fresh line; lines that do not decode are counted.
    public func readRecords(repair: Bool) throws -> (records: [SweepRecord], unreadable: Int) {
        guard let data = FileManager.default.contents(atPath: linesPath) else { return ([], 0) }
        let complete = data.lastIndex(of: UInt8(ascii: "\n")).map { data.index(after: $0) } ?? data.startIndex
        if repair && complete < data.endIndex {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: linesPath))
            try handle.truncate(atOffset: UInt64(complete - data.startIndex))
            try handle.synchronize()
            try handle.close()
        }
        let decoder = JSONDecoder()
        var records: [SweepRecord] = []
        var unreadable = 0
        for line in data[data.startIndex..<complete].split(separator: UInt8(ascii: "\n")) {
            if let record = try? decoder.decode(SweepRecord.self, from: Data(line)) { records.append(record) } else { unreadable += 1 }
        }
        return (records, unreadable)
    }

    /// Appends one record as a line and flushes it to disk before returning.
    public func append(_ record: SweepRecord) throws {
        if !FileManager.default.fileExists(atPath: linesPath) {
            _ = FileManager.default.createFile(atPath: linesPath, contents: nil)
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: linesPath))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Self.line(record))
        try handle.synchronize()
    }

    /// Rewrites `points.jsonl` with exactly these records (a merge), atomically.
    public func replaceRecords(_ records: [SweepRecord]) throws {
        var data = Data()
        for r in records { data.append(try Self.line(r)) }
        try data.write(to: URL(fileURLWithPath: linesPath), options: .atomic)
    }

    static func line(_ record: SweepRecord) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(record) + Data("\n".utf8)
    }

    /// `id<TAB>workload`: what identifies a line.
    public static func runKey(_ id: String, _ workload: String) -> String { id + "\t" + workload }

    /// Checks that every record belongs to `manifest` (known id, same parameter key); returns them
    /// keyed by ``runKey(_:_:)``, the first of duplicates kept.
    public static func index(_ records: [SweepRecord], for manifest: SweepManifest, source: String) throws -> [String: SweepRecord] {
        let keys = Dictionary(manifest.points.map { ($0.id, $0.key) }, uniquingKeysWith: { a, _ in a })
        var result: [String: SweepRecord] = [:]
        for r in records {
            guard keys[r.id] == r.key, manifest.workloads.contains(r.workload) else {
                throw ResultsError("\(source) holds a result (\(r.id) on \(r.workload)) that is not a point of sweep '\(manifest.sweep)'; the folder mixes different sweeps")
            }
            let k = runKey(r.id, r.workload)
            if result[k] == nil { result[k] = r }
        }
        return result
    }
}
