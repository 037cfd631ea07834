import Foundation
import Testing

/// The README's "Write your first architecture" walkthrough, run as written: the files in
/// `examples/first-architecture/` check, run, and give the figures the README shows, and shrinking
/// the global buffer costs what the README says it costs.
@Suite struct ExamplesCLITests {
    let cli = CLITests()

    static let folder = CLITests.packageRoot.appendingPathComponent("examples/first-architecture")
    static let arch = folder.appendingPathComponent("arch.yaml").path
    static let workload = folder.appendingPathComponent("workload.yaml").path

    func layer(_ details: String) throws -> [String: Any] {
        let json = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: details))) as? [String: Any])
        return try #require((json["layers"] as? [[String: Any]])?.first)
    }

    @Test func exampleFilesCheck() throws {
        let r = try cli.run(["check", "--brief", Self.arch, Self.workload])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "\(Self.arch): ok\n\(Self.workload): ok\n")
    }

    /// `dfsim run` on the example, then on a copy whose GLB is 8 KiB instead of 16 KiB: the
    /// optimal mappings the README prints (6.283 and 7.407 pJ/MAC), both proven optimal.
    @Test func exampleRunsAndASmallerBufferCostsMore() throws {
        let dir = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("base").path
        let r = try cli.run(["run", Self.arch, Self.workload, "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("one_conv on first_accelerator (64 PEs, 500.0 MHz), objective edp\n"), "\(r.stdout)")
        #expect(r.stdout.contains("DRAM[m4] GLB[p14 q14 | m2y c4y m2x c4x] RF[m2 r3 s3]"), "\(r.stdout)")
        #expect(r.stdout.contains("total energy   5.674e+06 pJ (6.283 pJ/MAC)"), "\(r.stdout)")
        let base = try layer(out + "/details.json")
        #expect(base["macs"] as? Int == 903_168)
        #expect(base["cycles"] as? Int == 14_112)
        #expect((base["search"] as? [String: Any])?["proven_optimal"] as? Bool == true)

        let text = try String(contentsOfFile: Self.arch, encoding: .utf8)
        #expect(text.contains("size: 16 KiB "), "the README edits the line 'size: 16 KiB'; arch.yaml no longer has it")
        let smaller = try cli.write(text.replacingOccurrences(of: "size: 16 KiB ", with: "size: 8 KiB "), to: "arch.yaml", in: dir)
        let out2 = dir.appendingPathComponent("small").path
        let r2 = try cli.run(["run", smaller, Self.workload, "--out", out2])
        #expect(r2.status == 0, "\(r2.stderr)")
        #expect(r2.stdout.contains("DRAM[m2 p7] GLB[c4 r3 s3 | m2y c2y p2y m4x q2x] RF[m2 c2 q7]"), "\(r2.stdout)")
        #expect(r2.stdout.contains("total energy   6.69e+06 pJ (7.407 pJ/MAC)"), "\(r2.stdout)")
        let small = try layer(out2 + "/details.json")
        #expect(small["cycles"] as? Int == 14_112)
        let dram = (base["dram_accesses_per_mac"] as? Double ?? 0, small["dram_accesses_per_mac"] as? Double ?? 0)
        #expect(dram.1 > 1.2 * dram.0, "DRAM accesses per MAC: 16 KiB \(dram.0), 8 KiB \(dram.1)")
        #expect((small["search"] as? [String: Any])?["proven_optimal"] as? Bool == true)
    }
}
