import DFSim
import Testing

/// The sweep model without YAML: grid order and ids, shards, scheduler environments, the Pareto
/// front and the best point per objective.
@Suite("Sweep model")
struct SweepTests {
    // MARK: - Grid

    @Test func gridVariesTheLastParameterFastest() {
        let grid = SweepGrid.combinations([["64", "128"], ["8", "14", "16"], ["rs", "ws"]])
        #expect(grid.count == 12)
        #expect(grid.first == ["64", "8", "rs"])
        #expect(grid[1] == ["64", "8", "ws"])
        #expect(grid[2] == ["64", "14", "rs"])
        #expect(grid.last == ["128", "16", "ws"])
        #expect(SweepGrid.combinations([[String]]()) == [[]])
        #expect(SweepGrid.count([3, 3, 2]) == 18)
        #expect(SweepGrid.count([1000, 1000, 2]) == nil)
        #expect(SweepGrid.count([Int.max, 3]) == nil)
    }

    @Test func idsArePaddedPositionsAndKeysHashTheValues() {
        #expect(SweepGrid.id(index: 7, count: 60) == "p0007")
        #expect(SweepGrid.id(index: 12_345, count: 20_000) == "p12345")
        #expect(SweepGrid.id(index: 3, count: 20_000) == "p00003")
        let parameters = ["levels.GLB.size", "dataflow"]
        let a = SweepPoint(index: 0, count: 2, parameters: parameters, values: ["64 KiB", "ws"])
        let b = SweepPoint(index: 1, count: 2, parameters: parameters, values: ["64 KiB", "rs"])
        #expect(a.key != b.key)
        #expect(a.key == SweepGrid.key(parameters: parameters, values: ["64 KiB", "ws"]))
        #expect(a.key.count == 16)
        // FNV-1a 64 test vectors (draft-eastlake-fnv): "" and "a".
        #expect(StableHash.value("") == 0xcbf2_9ce4_8422_2325)
        #expect(StableHash.value("a") == 0xaf63_dc4c_8601_ec8c)
    }

    // MARK: - Shards

    @Test func shardsPartitionThePoints() throws {
        for count in 1...5 {
            var owner = [Int](repeating: 0, count: 23)
            for i in 1...count {
                let shard = try #require(Shard(index: i, count: count))
                for p in 0..<23 where shard.contains(position: p) { owner[p] += 1 }
            }
            #expect(owner.allSatisfy { $0 == 1 }, "count \(count)")
        }
        let second = try Shard.parse("2/3")
        #expect((0..<9).filter { second.contains(position: $0) } == [1, 4, 7])
        #expect(second.description == "2/3")
    }

    @Test func badShardsSayWhy() {
        for text in ["0/3", "4/3", "2/0", "a/b", "2", "1/2/3", "-1/2"] {
            #expect(throws: ShardError.self, "\(text)") { try Shard.parse(text) }
        }
        #expect((try? Shard.parse("4/3")) == nil)
        do { _ = try Shard.parse("0/3") } catch { #expect(error.message.contains("numbered from 1")) }
    }

    @Test func slurmArraysAndKubernetesIndexedJobs() throws {
        func shard(_ env: [String: String], count: Int? = nil) throws -> String? {
            try Shard.fromEnvironment(env, count: count)?.shard.description
        }
        #expect(try shard([:]) == nil)
        #expect(try shard(["SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_MIN": "0"]) == "1/4")
        #expect(try shard(["SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_MIN": "1"]) == "4/4")
        #expect(try shard(["SLURM_ARRAY_TASK_ID": "6", "SLURM_ARRAY_TASK_COUNT": "8", "SLURM_ARRAY_TASK_MIN": "0",
                           "SLURM_ARRAY_TASK_STEP": "2"]) == "4/8")
        #expect(throws: ShardError.self) {
            try Shard.fromEnvironment(["SLURM_ARRAY_TASK_ID": "9", "SLURM_ARRAY_TASK_COUNT": "3", "SLURM_ARRAY_TASK_MIN": "1"])
        }
        #expect(throws: ShardError.self) { try Shard.fromEnvironment(["SLURM_ARRAY_TASK_ID": "1"]) }
        #expect(try shard(["JOB_COMPLETION_INDEX": "0", "DFSIM_SHARD_COUNT": "3"]) == "1/3")
        #expect(try shard(["JOB_COMPLETION_INDEX": "2"], count: 3) == "3/3")
        #expect(try shard(["JOB_COMPLETION_INDEX": "2", "DFSIM_SHARD_COUNT": "9"], count: 3) == "3/3")
        #expect(throws: ShardError.self) { try Shard.fromEnvironment(["JOB_COMPLETION_INDEX": "1"]) }
        #expect(throws: ShardError.self) { try Shard.fromEnvironment(["JOB_COMPLETION_INDEX": "3"], count: 3) }
        // Slurm wins over Kubernetes when both are set.
        #expect(try shard(["SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_COUNT": "2", "SLURM_ARRAY_TASK_MIN": "1",
                           "JOB_COMPLETION_INDEX": "1", "DFSIM_SHARD_COUNT": "2"]) == "1/2")
    }

    // MARK: - Pareto front and best points

    func record(_ id: String, _ workload: String = "w", energy: Double, seconds: Double, words: Int = 100, pes: Int = 4,
                error: String? = nil) -> SweepRecord {
        let point = SweepPoint(index: 0, id: id, values: [], key: "k")
        let architecture = Architecture(name: "a", levels: [], compute: ComputeUnit(energyPerMAC: 1))
        var r = SweepRecord(point: point, parameters: [], workload: workload, architecture: architecture, error: error, seconds: 0)
        r.energyPJ = energy
        r.latencySeconds = seconds
        r.cycles = Int(seconds * 1000)
        r.edp = energy * Double(r.cycles)
        r.onChipWords = words
        r.pes = pes
        return r
    }

    @Test func paretoFrontPerWorkload() {
        let records = [
            record("p0", energy: 10, seconds: 5),            // front: lowest energy
            record("p1", energy: 20, seconds: 1),            // front: lowest latency
            record("p2", energy: 20, seconds: 5),            // dominated by p0
            record("p3", energy: 30, seconds: 6, words: 10), // front: least storage
            record("p4", energy: 10, seconds: 5),            // equal to p0: both on the front
            record("p5", energy: 1, seconds: 1, error: "no mapping"), // failed: never on the front, dominates nothing
            record("p0", "v", energy: 1000, seconds: 50),    // another workload: its own front
            record("p1", "v", energy: 2000, seconds: 60),
        ]
        #expect(SweepAnalysis(records: records).pareto == [true, true, false, true, true, false, true, false])
        #expect(SweepAnalysis.dominates(records[0], records[2]))
        #expect(!SweepAnalysis.dominates(records[0], records[4]))
        #expect(!SweepAnalysis.dominates(records[0], records[1]))
    }

    @Test func bestPointsSumTheWorkloads() {
        let records = [
            record("p0", "a", energy: 10, seconds: 1), record("p0", "b", energy: 100, seconds: 9),
            record("p1", "a", energy: 20, seconds: 2), record("p1", "b", energy: 50, seconds: 2),
            record("p2", "a", energy: 1, seconds: 1), record("p2", "b", energy: 1, seconds: 1, error: "none"),
        ]
        let analysis = SweepAnalysis(records: records)
        #expect(analysis.best[.energy] == "p1")  // 70 < 110; p2 failed on b
        #expect(analysis.best[.latency] == "p1") // 4 s < 10 s
        #expect(analysis.best[.edp] == "p1")
        #expect(analysis.bestByWorkload.map(\.workload) == ["a", "b"])
        #expect(analysis.bestByWorkload[0].best[.energy] == "p2")
        #expect(analysis.bestByWorkload[1].best[.energy] == "p1")
        // A complete tie goes to the earlier point.
        let tie = SweepAnalysis(records: [record("p0", energy: 5, seconds: 1), record("p1", energy: 5, seconds: 1)])
        #expect(tie.best[.edp] == "p0")
        #expect(SweepAnalysis(records: []).best.isEmpty)
    }

    @Test func onChipWordsCountEveryInstanceOfNonDRAMLevels() {
        let levels = [
            StorageLevel(name: "DRAM", kind: .dram, readEnergy: 1, writeEnergy: 1),
            StorageLevel(name: "GLB", kind: .sram, sizeWords: 1024, readEnergy: 1, writeEnergy: 1),
            StorageLevel(name: "RF", kind: .regfile, sizeWords: 64, fanout: Fanout(x: 4, y: 2), readEnergy: 1, writeEnergy: 1),
            StorageLevel(name: "acc", kind: .regfile, sizeWords: 2, readEnergy: 1, writeEnergy: 1),
        ]
        let architecture = Architecture(name: "a", levels: levels, compute: ComputeUnit(energyPerMAC: 1))
        #expect(architecture.onChipWords == 1024 + 8 * 64 + 8 * 2)
        #expect(architecture.totalPEs == 8)
    }
}
