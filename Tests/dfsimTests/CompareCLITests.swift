import Foundation
import Testing

/// `dfsim compare` end to end: variants per dataflow (each in its own storage split), the
/// baseline, the files, and its usage errors.
@Suite
struct CompareCLITests {
    let cli = CLITests()

    static let arch = """
        dfsim: 1
        name: small
        energy_table: eyeriss65
        levels:
        - {name: DRAM, kind: dram}
        - {name: GLB, kind: sram, size: 4096}
        - {name: RF, spatial: {x: 4, y: 4}, kind: regfile, size: 16, keep: all}
        dataflow_variants:
          no_local_reuse:
            levels:
            - {name: DRAM, kind: dram}
            - {name: GLB, kind: sram, size: 4352}
            - {name: PE, spatial: {x: 4, y: 4}, kind: regfile, keep: []}
        """

    static let workload = """
        dfsim: 1
        name: tiny
        layers:
          - {name: a, conv2d: {in: [4, 6, 6], out: 8, kernel: 3}}
          - {name: fc, linear: {out: 8}}
        """

    func json(_ path: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    @Test func comparesDataflowsAgainstABaseline() throws {
        let dir = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let arch = try cli.write(Self.arch, to: "small.yaml", in: dir)
        let workload = try cli.write(Self.workload, to: "tiny.yaml", in: dir)
        let out = dir.appendingPathComponent("cmp").path
        let r = try cli.run(["compare", arch, workload, "--dataflows", "ws,nlr", "--batch", "2",
                             "--baseline", "ws", "--out", out, "--threads", "1"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("weight_stationary *"))
        #expect(r.stdout.contains("TOTAL"))
        let compare = try json(out + "/compare.json")
        #expect(compare["baseline"] as? String == "weight_stationary")
        #expect(compare["batch"] as? Int == 2)
        let variants = try #require(compare["variants"] as? [[String: Any]])
        #expect(variants.map { $0["name"] as? String } == ["weight_stationary", "no_local_reuse"])
        #expect(variants.map { $0["onchip_bytes"] as? Int } == [8704, 8704])
        for v in variants {
            let folder = try #require(v["folder"] as? String)
            let details = try json(out + "/" + folder + "/details.json")
            #expect((details["layers"] as? [Any])?.count == 2)
        }
        // The NLR variant's PE level keeps nothing, so no level below the array has energy.
        let total = try #require(compare["total"] as? [[String: Any]])
        #expect(total.first?["energy_vs_baseline"] as? Double == 1.0)
        let nlrLevels = try #require(total.last?["energy_by_level_pj"] as? [String: Double])
        #expect(nlrLevels["PE"] == 0)
        // eyeriss65 prices network transfers: NLR's operands all cross the array.
        #expect((total.last?["network_energy_pj"] as? Double ?? 0) > (total.first?["network_energy_pj"] as? Double ?? 0))
        let csv = try String(contentsOfFile: out + "/compare.csv", encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 1 + 2 * 2) // header, 2 layers × 2 variants
        let totals = try String(contentsOfFile: out + "/compare_totals.csv", encoding: .utf8)
        #expect(totals.split(separator: "\n").count == 1 + 2) // header, one row per variant
        // Same inputs, same files.
        let again = dir.appendingPathComponent("again").path
        _ = try cli.run(["compare", arch, workload, "--dataflows", "ws,nlr", "--batch", "2",
                         "--baseline", "ws", "--out", again, "--threads", "2"])
        #expect(try String(contentsOfFile: again + "/compare.json", encoding: .utf8)
                == String(contentsOfFile: out + "/compare.json", encoding: .utf8))
    }

    @Test func badRequestsExitWithTwo() throws {
        let dir = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let arch = try cli.write(Self.arch, to: "small.yaml", in: dir)
        let workload = try cli.write(Self.workload, to: "tiny.yaml", in: dir)
        let unknown = try cli.run(["compare", arch, workload, "--dataflows", "ws,xs"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("unknown dataflow 'xs'"))
        let baseline = try cli.run(["compare", arch, workload, "--dataflows", "ws", "--baseline", "rs",
                                    "--out", dir.appendingPathComponent("o").path])
        #expect(baseline.status == 2)
        #expect(baseline.stderr.contains("--baseline 'rs' is none of the variants"))
        let lonely = try cli.run(["compare", workload])
        #expect(lonely.status == 2)
    }
}
