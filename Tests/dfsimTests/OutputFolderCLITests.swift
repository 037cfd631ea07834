import Foundation
import Testing

/// `--out` end to end: a folder holding another run is refused with exit 2 unless `--force`;
/// hostile layer names never write outside it.
@Suite
struct OutputFolderCLITests {
    let cli = CLITests()

    @Test func anotherRunsFolderNeedsForce() throws {
        let dir = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let arch = CLITests.case006.appendingPathComponent("arch.yaml").path
        let first = try cli.write("dfsim: 1\nname: first\nlayers:\n  - {name: \"../../up\", linear: {in: 8, out: 4}}\n", to: "first.yaml", in: dir)
        let second = try cli.write("dfsim: 1\nname: second\nlayers:\n  - {name: b, linear: {in: 16, out: 4}}\n", to: "second.yaml", in: dir)
        let out = dir.appendingPathComponent("out").path
        let r1 = try cli.run(["run", arch, first, "--out", out, "--threads", "1"])
        #expect(r1.status == 0, "\(r1.stderr)")
        let written = try FileManager.default.contentsOfDirectory(atPath: out)
        #expect(written.contains { $0.hasSuffix(".mapping.yaml") && $0.hasPrefix("_._.._up-") }, "\(written)")
        #expect(!FileManager.default.fileExists(atPath: dir.deletingLastPathComponent().appendingPathComponent("up.mapping.yaml").path))
        let r2 = try cli.run(["run", arch, second, "--out", out, "--threads", "1"])
        #expect(r2.status == 2)
        #expect(r2.stderr == "error: \(out) holds the results of first on two_level, not second on two_level; use another --out, or --force to replace them\n",
                "\(r2.stderr)") // refused before the search: no progress line
        let r3 = try cli.run(["run", arch, second, "--out", out, "--threads", "1", "--force"])
        #expect(r3.status == 0, "\(r3.stderr)")
        let after = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasSuffix(".mapping.yaml") }
        #expect(after == ["b.mapping.yaml"])
    }
}
