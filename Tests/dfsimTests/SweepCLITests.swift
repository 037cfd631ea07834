import Foundation
import Testing

/// `dfsim sweep` and `dfsim merge` end to end on sweeps whose points take milliseconds:
/// shards run in parallel and merged equal one run byte for byte; a sweep killed mid-way and
/// re-run holds every point exactly once and writes what an uninterrupted run writes; Slurm's
/// array variables choose the shard.
@Suite
struct SweepCLITests {
    let cli = CLITests()
    static let finalFiles = ["points.csv", "layers.csv", "pareto.csv", "best.json", "sweep.json", "manifest.json"]

    static let architecture = """
        dfsim: 1
        name: tiny_arch
        clock_mhz: 500
        compute: {op: int_mac, energy_pj: 1.0}
        levels:
          - {name: DRAM, kind: dram, read_energy: 200, write_energy: 220}
          - {name: GLB, kind: sram, size: 1024, read_energy: 6.1, write_energy: 6.3, bandwidth: 8}
          - {name: RF, kind: regfile, size: 64, spatial: {x: 4, y: 4}, read_energy: 1.1, write_energy: 1.2}
        """
    static let linear = "dfsim: 1\nname: lin\nlayers:\n  - {name: fc, linear: {in: 8, out: 4}}\n"
    static let conv = "dfsim: 1\nname: conv\nlayers:\n  - {name: c, conv2d: {in: [2, 4, 4], out: 2, kernel: 3}}\n"

    /// 13 points on two workloads; the last one has no mapping (no dim splits over 3 × 5 PEs).
    static let smallSweep = """
        dfsim: 1
        name: small
        arch: arch.yaml
        workloads: [lin.yaml, conv.yaml]
        vary:
          levels.GLB.size: [128, 1 KiB]
          levels.RF.spatial.x: [1, 2, 4]
          dataflow: [arch, weight_stationary]
        points:
          - {levels.RF.spatial.x: 3, levels.RF.spatial.y: 5, min_utilization: 1.0}
        """

    /// 50 points on one workload.
    static let killSweep = """
        dfsim: 1
        name: fifty
        arch: arch.yaml
        workloads: [lin.yaml]
        vary:
          levels.GLB.size: [64, 128, 256, 512, 1024]
          levels.RF.size: [16, 32, 64, 128, 256]
          levels.RF.spatial.x: [1, 2]
        """

    func folder() throws -> URL {
        let dir = try cli.temporaryDirectory()
        _ = try cli.write(Self.architecture, to: "arch.yaml", in: dir)
        _ = try cli.write(Self.linear, to: "lin.yaml", in: dir)
        _ = try cli.write(Self.conv, to: "conv.yaml", in: dir)
        _ = try cli.write(Self.smallSweep, to: "small.yaml", in: dir)
        _ = try cli.write(Self.killSweep, to: "fifty.yaml", in: dir)
        return dir
    }

    /// Starts `dfsim` with `arguments` and extra environment variables; output goes to files in `dir`.
    func launch(_ arguments: [String], in dir: URL, environment: [String: String] = [:]) throws -> Process {
        let process = Process()
        process.executableURL = CLITests.binary
        process.arguments = arguments
        process.currentDirectoryURL = dir
        process.environment = ProcessInfo.processInfo.environment
            .filter { !$0.key.hasPrefix("SLURM_") && $0.key != "JOB_COMPLETION_INDEX" }
            .merging(environment) { _, new in new }
        let log = dir.appendingPathComponent("log-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    func finish(_ process: Process) -> Int32 {
        process.waitUntilExit()
        return process.terminationStatus
    }

    func text(_ dir: URL, _ path: String) -> String? {
        try? String(contentsOf: dir.appendingPathComponent(path), encoding: .utf8)
    }

    /// `(id, workload)` of every line of a folder's points.jsonl.
    func runs(_ dir: URL, _ folder: String) throws -> [String] {
        let lines = (text(dir, folder + "/points.jsonl") ?? "").split(separator: "\n")
        return try lines.map { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return "\(object["id"] as? String ?? "?") \(object["workload"] as? String ?? "?")"
        }
    }

    @Test func threeShardsInParallelMergeToTheUnshardedResult() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let whole = try launch(["sweep", "small.yaml", "--out", "whole", "--threads", "1"], in: dir)
        #expect(finish(whole) == 0, "\(text(dir, "whole/points.csv") ?? "")")
        let shards = try (1...3).map { try launch(["sweep", "small.yaml", "--shard", "\($0)/3", "--out", "s\($0)", "--threads", "1"], in: dir) }
        #expect(shards.map(finish) == [0, 0, 0])
        #expect(try runs(dir, "s2").map { $0.prefix(5) } == ["p0001", "p0001", "p0004", "p0004", "p0007", "p0007", "p0010", "p0010"])
        let merge = try launch(["merge", "s1", "s2", "s3", "--out", "merged"], in: dir)
        #expect(finish(merge) == 0)
        for file in Self.finalFiles {
            let expected = try #require(text(dir, "whole/" + file), "\(file)")
            #expect(text(dir, "merged/" + file) == expected, "\(file)")
        }
        let points = try #require(text(dir, "whole/points.csv")).split(separator: "\n")
        #expect(points.count == 1 + 13 * 2)
        #expect(points[0] == "id,levels.GLB.size,levels.GLB.size_words,levels.GLB.size_bytes,levels.RF.spatial.x,dataflow,levels.RF.spatial.y,min_utilization,workload,macs,energy_pj,pj_per_mac,cycles,latency_s,edp,pes,onchip_words,pareto,error")
        #expect(points.last?.hasPrefix("p0012,1024,1024,2048,3,arch,5,1.0,conv,,,,,,,15,1984,false,") == true, "\(points.last ?? "")")
        #expect(points.last?.contains("min_utilization") == true)
        let sweepText = try #require(text(dir, "whole/sweep.json"))
        let sweep = try #require(try JSONSerialization.jsonObject(with: Data(sweepText.utf8)) as? [String: Any])
        #expect(Set(sweep.keys) == ["format_version", "sweep", "parameters", "points", "best"])
        #expect(sweep["format_version"] as? Int == 1)
        #expect((sweep["points"] as? [Any])?.count == 24) // the failed point is not in sweep.json
        #expect(Set((sweep["best"] as? [String: Any])?.keys ?? [:].keys) == ["energy", "latency", "edp"])

        // A shard of another sweep is refused.
        let other = try cli.write(Self.smallSweep.replacingOccurrences(of: "[128, 1 KiB]", with: "[128, 2 KiB]"), to: "other.yaml", in: dir)
        #expect(finish(try launch(["sweep", other, "--out", "s1", "--threads", "1"], in: dir)) == 2)
        let foreign = try launch(["sweep", other, "--shard", "2/3", "--out", "o2", "--threads", "1"], in: dir)
        #expect(finish(foreign) == 0)
        #expect(finish(try launch(["merge", "s1", "o2", "--out", "mixed"], in: dir)) == 2)
    }

    @Test func aKilledSweepResumesWithEveryPointOnce() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(finish(try launch(["sweep", "fifty.yaml", "--out", "reference", "--threads", "1"], in: dir)) == 0)
        #expect(try runs(dir, "reference").count == 50)

        let victim = try launch(["sweep", "fifty.yaml", "--out", "killed", "--threads", "1"], in: dir)
        let deadline = Date().addingTimeInterval(60)
        while (text(dir, "killed/points.jsonl") ?? "").filter({ $0 == "\n" }).count < 5, victim.isRunning, Date() < deadline {
            usleep(2_000)
        }
        kill(victim.processIdentifier, SIGKILL)
        victim.waitUntilExit()
        #expect(victim.terminationReason == .uncaughtSignal, "the sweep finished before it could be killed")
        let before = try runs(dir, "killed").count
        #expect(before >= 5 && before < 50)
        #expect(text(dir, "killed/points.csv") == nil)
        // A line torn by the kill: ignored and redone.
        let jsonl = dir.appendingPathComponent("killed/points.jsonl")
        let handle = try FileHandle(forWritingTo: jsonl)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"cycles\":12,\"edp\":3.5,\"ene".utf8))
        try handle.close()

        #expect(finish(try launch(["sweep", "fifty.yaml", "--out", "killed", "--threads", "1"], in: dir)) == 0)
        let after = try runs(dir, "killed")
        #expect(after.count == 50)
        #expect(Set(after).count == 50)
        #expect(after == (try runs(dir, "reference")))
        for file in Self.finalFiles {
            #expect(text(dir, "killed/" + file) == text(dir, "reference/" + file), "\(file)")
        }
        // Everything done: a re-run with --resume runs nothing and changes nothing.
        let again = try launch(["sweep", "fifty.yaml", "--out", "killed", "--resume", "--threads", "1"], in: dir)
        #expect(finish(again) == 0)
        #expect(try runs(dir, "killed").count == 50)
        #expect(finish(try launch(["sweep", "fifty.yaml", "--out", "nothing-here", "--resume"], in: dir)) == 2)
    }

    @Test func slurmArrayVariablesChooseTheShard() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let slurm = ["SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "3", "SLURM_ARRAY_TASK_MIN": "1"]
        let listed = try launch(["sweep", "small.yaml", "--list"], in: dir, environment: slurm)
        #expect(finish(listed) == 0)
        let run = try launch(["sweep", "small.yaml", "--threads", "1"], in: dir, environment: slurm)
        #expect(finish(run) == 0)
        let folder = "results/sweep-small/shard-3-of-3"
        #expect(try runs(dir, folder).map { String($0.prefix(5)) } == ["p0002", "p0002", "p0005", "p0005", "p0008", "p0008", "p0011", "p0011"])
        let manifestText = try #require(text(dir, folder + "/manifest.json"))
        let manifest = try JSONSerialization.jsonObject(with: Data(manifestText.utf8)) as? [String: Any]
        #expect(manifest?["shard"] as? String == "3/3")
        // `dfsim check` validates a sweep's every point.
        #expect(finish(try launch(["check", "small.yaml"], in: dir)) == 0)
        _ = try cli.write("dfsim: 1\narch: arch.yaml\nworkloads: [lin.yaml]\nvary: {levels.GLB.size: [1 parsec]}\n", to: "bad.yaml", in: dir)
        #expect(finish(try launch(["check", "bad.yaml"], in: dir)) == 2)
        // Kubernetes: the index alone is not enough.
        #expect(finish(try launch(["sweep", "small.yaml", "--list"], in: dir, environment: ["JOB_COMPLETION_INDEX": "0"])) == 2)
        #expect(finish(try launch(["sweep", "small.yaml", "--list"], in: dir,
                                  environment: ["JOB_COMPLETION_INDEX": "0", "DFSIM_SHARD_COUNT": "2"])) == 0)
    }
}
