import Foundation
import Testing

/// `dfsim run` end to end: deterministic output for any --threads, shared shapes searched once,
/// and every written mapping accepted by `dfsim model` with the same numbers.
@Suite
struct RunCLITests {
    let cli = CLITests()

    static let workload = """
        dfsim: 1
        name: tiny
        layers:
          - {name: a, conv2d: {in: [2, 4, 4], out: 4, kernel: 3}}
          - {name: b, conv2d: {in: [2, 4, 4], out: 4, kernel: 3}}
          - {name: c, linear: {in: 16, out: 8}}
        """

    func json(_ path: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    @Test func runIsDeterministicAndItsMappingsReevaluate() throws {
        let dir = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let workload = try cli.write(Self.workload, to: "tiny.yaml", in: dir)
        let arch = CLITests.case006.appendingPathComponent("arch.yaml").path
        let one = dir.appendingPathComponent("one").path, two = dir.appendingPathComponent("two").path
        let r1 = try cli.run(["run", arch, workload, "--threads", "1", "--out", one])
        let r2 = try cli.run(["run", arch, workload, "--threads", "2", "--out", two])
        #expect(r1.status == 0, "\(r1.stderr)")
        #expect(r2.status == 0, "\(r2.stderr)")
        let d1 = try String(contentsOfFile: one + "/details.json", encoding: .utf8)
        let d2 = try String(contentsOfFile: two + "/details.json", encoding: .utf8)
        #expect(d1 == d2)
        #expect(FileManager.default.fileExists(atPath: one + "/timing.json"))
        #expect(r1.stdout.contains("total energy"))
        let details = try json(one + "/details.json")
        let layers = try #require(details["layers"] as? [[String: Any]])
        #expect(layers.map { $0["name"] as? String } == ["a", "b", "c"])
        #expect((layers[1]["search"] as? [String: Any])?["shared_with"] as? String == "a")
        let total = try #require(details["total"] as? [String: Any])
        let summedEnergy = layers.reduce(0.0) { $0 + ($1["energy_pj"] as? Double ?? 0) }
        #expect(abs((total["energy_pj"] as? Double ?? 0) - summedEnergy) < 1e-6 * summedEnergy)
        for layer in layers {
            let name = try #require(layer["name"] as? String)
            let model = try cli.run(["model", arch, workload, "--mapping", "\(one)/\(name).mapping.yaml", "--format", "json"])
            #expect(model.status == 0, "\(model.stderr)")
            let evaluated = try #require((try JSONSerialization.jsonObject(with: Data(model.stdout.utf8)) as? [String: Any])?["layers"] as? [[String: Any]]).first
            #expect(evaluated?["cycles"] as? Int == layer["cycles"] as? Int, "\(name)")
            #expect(evaluated?["energy_pj"] as? Double == layer["energy_pj"] as? Double, "\(name)")
        }
        let csv = try String(contentsOfFile: one + "/summary.csv", encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 4) // header, 3 layers (the total is in totals.csv)
        let totals = try String(contentsOfFile: one + "/totals.csv", encoding: .utf8)
        #expect(totals.split(separator: "\n").count == 2)
    }

    @Test func emptyMapspaceSaysWhy() throws {
        let dir = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let workload = try cli.write(Self.workload, to: "tiny.yaml", in: dir)
        let arch = try cli.write("""
            dfsim: 1
            name: strict
            levels:
              - {name: DRAM, kind: dram}
              - {name: PE, kind: regfile, size: 64, spatial: {x: 3}}
            min_utilization: 1.0
            """, to: "arch.yaml", in: dir)
        let r = try cli.run(["run", arch, workload, "--layer", "c", "--out", dir.appendingPathComponent("o").path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("min_utilization"), "\(r.stderr)")
    }
}
