import DFSim
import DFSimResults
import DFSimResultsFormat
import DFSimSpec
import Foundation
import SwiftCSV
import Testing

/// The sweep runner, store and merge in process: a resumed sweep redoes nothing and writes what an
/// uninterrupted one writes; shards merge byte for byte into the unsharded folder; a folder of
/// another sweep is refused by fingerprint.
@Suite("Sweep store")
struct SweepStoreTests {
    static func bytes(_ folder: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in SweepFiles.fileNames + ["points.jsonl", "manifest.json"] {
            files[name] = try Data(contentsOf: URL(fileURLWithPath: folder).appendingPathComponent(name))
        }
        return files
    }

    /// `points.jsonl` without the per-run seconds (wall-clock, the only field that differs between runs).
    static func withoutSeconds(_ data: Data?) -> String {
        String(decoding: data ?? Data(), as: UTF8.self).replacing(/"seconds":[0-9.e-]+/, with: "")
    }

    @Test func shardsMergeToTheUnshardedFilesAndResumeRedoesNothing() throws {
        let dir = try Support.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plan = try SweepSpec.load(dir.appendingPathComponent("small.yaml").path)
        let whole = dir.appendingPathComponent("whole").path
        let first = try SweepRunner(plan: plan, shard: nil, folder: whole, threads: 1, resume: false).run()
        #expect(first.ran == plan.points.count && first.skipped == 0)
        let wholeFiles = try Self.bytes(whole)
        // Size parameters get numeric companions: the level's resolved size in words and bytes (16-bit words).
        let points = try CSV<Named>(string: String(decoding: wholeFiles["points.csv"] ?? Data(), as: UTF8.self)).rows
        #expect(points.count == plan.points.count)
        for row in points {
            // The extra point keeps the architecture's own 1024 words.
            let expected = ["1 KiB": ("512", "1024"), "128": ("128", "256"), "1024": ("1024", "2048")][row["levels.GLB.size"] ?? ""]
            #expect(expected != nil && row["levels.GLB.size_words"] == expected?.0 && row["levels.GLB.size_bytes"] == expected?.1, "\(row)")
        }
        // Resuming a complete folder runs nothing and rewrites the same bytes.
        var started = 0
        var events = SweepRunner.Events()
        events.starting = { _, _ in started += 1 }
        let again = try SweepRunner(plan: plan, shard: nil, folder: whole, threads: 1, resume: true).run(events: events)
        #expect(again.ran == 0 && again.skipped == plan.points.count && started == 0)
        #expect(try Self.bytes(whole) == wholeFiles)

        let shards = try (1...3).map { i -> String in
            let folder = dir.appendingPathComponent("shard-\(i)").path
            _ = try SweepRunner(plan: plan, shard: try Shard.parse("\(i)/3"), folder: folder, threads: 1, resume: false).run()
            return folder
        }
        let merged = dir.appendingPathComponent("merged").path
        let (folder, outcome) = try SweepMerge(folders: shards.reversed()).write(to: merged)
        #expect(folder == merged && outcome.missing.isEmpty)
        let mergedFiles = try Self.bytes(merged)
        for name in SweepFiles.fileNames + ["manifest.json"] {
            #expect(mergedFiles[name] == wholeFiles[name], "\(name)")
        }
        #expect(Self.withoutSeconds(mergedFiles["points.jsonl"]) == Self.withoutSeconds(wholeFiles["points.jsonl"]))
        // A merge of two of the three shards writes what it has and names what is missing.
        let partial = try SweepMerge(folders: Array(shards.prefix(2))).write(to: dir.appendingPathComponent("partial").path)
        #expect(partial.outcome.files == nil)
        #expect(partial.outcome.missing.count == plan.points(in: try Shard.parse("3/3")).count)
    }

    @Test func aFolderOfAnotherSweepIsRefusedByFingerprint() throws {
        let dir = try Support.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plan = try SweepSpec.load(dir.appendingPathComponent("small.yaml").path)
        let folder = dir.appendingPathComponent("out").path
        _ = try SweepRunner(plan: plan, shard: try Shard.parse("1/4"), folder: folder, threads: 1, resume: false).run()
        let changed = Support.sweep.replacingOccurrences(of: "[128, 1 KiB]", with: "[256, 1 KiB]")
        try changed.write(to: dir.appendingPathComponent("small.yaml"), atomically: true, encoding: .utf8)
        let other = try SweepSpec.load(dir.appendingPathComponent("small.yaml").path)
        let error = try #require(throws: ResultsError.self) {
            try SweepRunner(plan: other, shard: try Shard.parse("1/4"), folder: folder, threads: 1, resume: false).run()
        }
        #expect(error.message.hasPrefix("\(folder) holds results of another sweep ('small', fingerprint \(plan.fingerprint)); this is 'small' (fingerprint \(other.fingerprint))"), "\(error.message)")
        let shardError = try #require(throws: ResultsError.self) {
            try SweepRunner(plan: plan, shard: try Shard.parse("2/4"), folder: folder, threads: 1, resume: false).run()
        }
        #expect(shardError.message == "\(folder) holds shard 1/4 of 'small'; this run is shard 2/4: give each shard its own --out (merge them with 'dfsim merge')")
        let nothing = try #require(throws: ResultsError.self) {
            try SweepRunner(plan: plan, shard: nil, folder: dir.appendingPathComponent("empty").path, threads: 1, resume: true).run()
        }
        #expect(nothing.message.hasPrefix("nothing to resume"))
        let mergeError = try #require(throws: ResultsError.self) {
            _ = try SweepRunner(plan: other, shard: nil, folder: dir.appendingPathComponent("o2").path, threads: 1, resume: false).run()
            try SweepMerge(folders: [folder, dir.appendingPathComponent("o2").path]).read()
        }
        #expect(mergeError.message.contains("merge only the shards of one sweep"))
    }

    @Test func aKilledRunsLastLineIsCutAndRedone() throws {
        let dir = try Support.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plan = try SweepSpec.load(dir.appendingPathComponent("small.yaml").path)
        let folder = dir.appendingPathComponent("out").path
        _ = try SweepRunner(plan: plan, shard: nil, folder: folder, threads: 1, resume: false).run()
        let complete = try Self.bytes(folder)
        // Keep three records and half of the fourth, as a process killed while writing leaves it.
        let lines = String(decoding: complete["points.jsonl"] ?? Data(), as: UTF8.self).split(separator: "\n")
        let cut = lines.prefix(3).joined(separator: "\n") + "\n" + lines[3].prefix(20)
        try cut.write(toFile: folder + "/points.jsonl", atomically: true, encoding: .utf8)
        let resumed = try SweepRunner(plan: plan, shard: nil, folder: folder, threads: 1, resume: true).run()
        #expect(resumed.ran == plan.points.count - 3 && resumed.skipped == 3)
        let after = try Self.bytes(folder)
        for name in SweepFiles.fileNames { #expect(after[name] == complete[name], "\(name)") }
        #expect(Self.withoutSeconds(after["points.jsonl"]) == Self.withoutSeconds(complete["points.jsonl"]))
    }
}
