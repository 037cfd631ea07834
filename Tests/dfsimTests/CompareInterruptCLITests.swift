import Foundation
import Testing

/// `dfsim compare` stops like `run`: with `--time-limit` each variant reports its best mappings
/// with gaps; Ctrl-C compares the variants finished so far and exits 130.
@Suite
struct CompareInterruptCLITests {
    let cli = CLITests()

    static let workload = """
        dfsim: 1
        name: two_layers
        layers:
          - {name: tiny, conv2d: {in: [2, 4, 4], out: 4, kernel: 3}}
          - {name: fc, linear: {in: 2048, out: 1024}}
        """

    @Test func ctrlCComparesTheFinishedVariants() throws {
        let dir = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let arch = CLITests.packageRoot.appendingPathComponent("arch/eyeriss_free.yaml").path
        let small = CLITests.case006.appendingPathComponent("arch.yaml").path
        let workload = try cli.write(Self.workload, to: "two.yaml", in: dir)
        let out = dir.appendingPathComponent("o").path
        // The small design first (both layers in a moment), then eyeriss_free under energy, whose
        // fc layer takes seconds even in a release build; interrupt once its first layer is done.
        let (status, stderr, wasRunning) = try cli.interrupt(["compare", small, arch, workload, "--objective", "energy",
                                                              "--out", out, "--threads", "1"]) {
            $0.components(separatedBy: "tiny:").count > 2
        }
        #expect(wasRunning, "the compare ended before it could be interrupted")
        #expect(status == 130, "\(stderr)")
        #expect(stderr.contains("interrupted in variant eyeriss_free: compared the 1 of 2 variants finished"), "\(stderr)")
        let compare = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/compare.json"))) as? [String: Any])
        #expect((compare["variants"] as? [[String: Any]])?.map { $0["name"] as? String } == ["two_level"])
        // The interrupted variant's finished layers are kept in its folder, the last with its gap.
        let details = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/eyeriss_free/details.json"))) as? [String: Any])
        let layers = try #require(details["layers"] as? [[String: Any]])
        #expect(layers.first?["name"] as? String == "tiny")
    }

    @Test func aTimeLimitBoundsTheWholeComparison() throws {
        let dir = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // AlexNet's conv3 under energy on eyeriss_free takes minutes: the limit must cut it short.
        let workload = try cli.write("""
            dfsim: 1
            name: conv3
            layers:
              - {name: conv3, conv2d: {in: [256, 13, 13], out: 384, kernel: 3, pad: 1}}
            """, to: "conv3.yaml", in: dir)
        let arch = CLITests.packageRoot.appendingPathComponent("arch/eyeriss_free.yaml").path
        let start = Date()
        let r = try cli.run(["compare", arch, workload, "--dataflows", "ws,os", "--objective", "energy", "--time-limit", "4",
                             "--out", dir.appendingPathComponent("o").path, "--threads", "1"])
        let seconds = Date().timeIntervalSince(start)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(seconds < 30, "\(seconds) s")
        #expect(r.stdout.contains("weight_stationary") && r.stdout.contains("output_stationary"))
        #expect(r.stdout.contains("weight_stationary: STOPPED EARLY, the best mappings found, network gap "), "\(r.stdout)")
    }
}
