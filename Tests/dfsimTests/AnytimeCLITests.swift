import Foundation
import Testing

/// `--time-limit` and Ctrl-C end to end: the run returns its best mappings with a proven lower
/// bound and gap in every output, and an interrupt keeps every finished layer (exit 130).
@Suite
struct AnytimeCLITests {
    let cli = CLITests()
    static let arch = CLITests.packageRoot.appendingPathComponent("arch/eyeriss_free.yaml").path
    static let alexnet = CLITests.packageRoot.appendingPathComponent("workloads/alexnet.yaml").path

    func json(_ path: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    /// The unconstrained Eyeriss under the energy objective is far from finishing in a second.
    @Test func timeLimitReturnsTheBestMappingWithItsGap() throws {
        let dir = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("o").path
        let r = try cli.run(["run", Self.arch, Self.alexnet, "--layer", "conv3", "--objective", "energy", "--time-limit", "1", "--html", "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        let html = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
        #expect(html.contains("stopped early"), "the report says the search stopped early")
        #expect(html.contains("(gap "), "the report shows the layer's gap")
        #expect(r.stdout.contains("STOPPED EARLY"), "\(r.stdout)")
        let layer = try #require((try json(out + "/details.json")["layers"] as? [[String: Any]])?.first)
        let search = try #require(layer["search"] as? [String: Any])
        #expect(search["proven_optimal"] as? Bool == false)
        let gap = try #require(search["gap_percent"] as? Double)
        let bound = try #require(search["lower_bound"] as? Double)
        let energy = try #require(layer["energy_pj"] as? Double)
        #expect(gap > 0 && gap < 100)
        #expect(bound < energy)
        #expect(abs((energy - bound) / energy * 100 - gap) < 1e-6)
        let csv = try String(contentsOfFile: out + "/summary.csv", encoding: .utf8).split(separator: "\n")
        #expect(csv.first?.contains("proven_optimal,gap_percent") == true)
        #expect(csv.dropFirst().first?.contains(",false,") == true)
        // The best mapping so far is a valid mapping that `model` re-evaluates to the same energy.
        let model = try cli.run(["model", Self.arch, Self.alexnet, "--mapping", out + "/conv3.mapping.yaml", "--format", "json"])
        #expect(model.status == 0, "\(model.stderr)")
        let evaluated = try #require((try JSONSerialization.jsonObject(with: Data(model.stdout.utf8)) as? [String: Any])?["layers"] as? [[String: Any]])
        #expect(evaluated.first?["energy_pj"] as? Double == energy)
    }

    @Test func timeLimitMustBePositive() throws {
        let r = try cli.run(["run", Self.arch, Self.alexnet, "--time-limit", "0"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--time-limit must be a positive number of seconds"), "\(r.stderr)")
    }

    /// Ctrl-C during a long run: exit 130, every layer finished before it and the interrupted
    /// layer's best mapping (with its gap) are written.
    @Test func interruptKeepsFinishedLayers() throws {
        let dir = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("o").path
        // A tiny layer first (instant), then AlexNet's conv3 under energy (minutes on this design).
        let workload = try cli.write("""
            dfsim: 1
            name: two_layers
            layers:
              - {name: tiny, conv2d: {in: [2, 4, 4], out: 4, kernel: 3}}
              - {name: conv3, conv2d: {in: [256, 13, 13], out: 384, kernel: 3, pad: 1}}
            """, to: "two.yaml", in: dir)
        // Off a terminal the run prints one line per finished layer: wait for the first, then interrupt.
        let (status, stderr, wasRunning) = try cli.interrupt(["run", Self.arch, workload, "--objective", "energy", "--out", out]) {
            $0.contains("tiny:")
        }
        #expect(wasRunning, "the run ended before it could be interrupted")
        #expect(status == 130, "\(stderr)")
        #expect(stderr.contains("interrupted"), "\(stderr)")
        let layers = try #require(try json(out + "/details.json")["layers"] as? [[String: Any]])
        #expect(layers.map { $0["name"] as? String } == ["tiny", "conv3"])
        let tiny = try #require(layers.first?["search"] as? [String: Any])
        #expect(tiny["proven_optimal"] as? Bool == true)
        let conv3 = try #require(layers.last?["search"] as? [String: Any])
        #expect(conv3["proven_optimal"] as? Bool == false)
        #expect((conv3["gap_percent"] as? Double).map { $0 > 0 } == true)
        #expect(FileManager.default.fileExists(atPath: out + "/conv3.mapping.yaml"))
    }
}
