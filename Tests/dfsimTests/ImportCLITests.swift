import Foundation
import Testing

/// `dfsim import timeloop` end to end: a reference case's Timeloop inputs become dfsim files whose
/// `dfsim model` numbers are Timeloop's; an input it cannot translate exits 2 with a location.
@Suite
struct ImportCLITests {
    let cli = CLITests()

    @Test func aReferenceCaseImportsToTimeloopsNumbers() throws {
        let dir = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let timeloop = CLITests.case006.appendingPathComponent("timeloop")
        let out = dir.appendingPathComponent("imported").path
        let r = try cli.run(["import", "timeloop", "--arch", timeloop.appendingPathComponent("arch.yaml").path,
                             "--problem", timeloop.appendingPathComponent("problem.yaml").path,
                             "--mapping", timeloop.appendingPathComponent("map.yaml").path,
                             "--ert", timeloop.appendingPathComponent("ERT.yaml").path, "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        let model = try cli.run(["model", out + "/arch.yaml", out + "/workload.yaml", "--mapping", out + "/mapping.yaml", "--format", "json"])
        #expect(model.status == 0, "\(model.stderr)")
        let layer = try #require(((try JSONSerialization.jsonObject(with: Data(model.stdout.utf8)) as? [String: Any])?["layers"] as? [[String: Any]])?.first)
        let expected = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: CLITests.case006.appendingPathComponent("expected.json"))) as? [String: Any])
        let expectedLayer = (expected["layers"] as? [[String: Any]])?.first ?? expected
        #expect(layer["cycles"] as? Int == expectedLayer["cycles"] as? Int)
        #expect(layer["macs"] as? Int == expectedLayer["macs"] as? Int)
    }

    @Test func aMissingEnergyTableIsLocated() throws {
        let dir = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let timeloop = CLITests.case006.appendingPathComponent("timeloop")
        let r = try cli.run(["import", "timeloop", "--arch", timeloop.appendingPathComponent("arch.yaml").path,
                             "--problem", timeloop.appendingPathComponent("problem.yaml").path,
                             "--out", dir.appendingPathComponent("o").path])
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("\(timeloop.appendingPathComponent("arch.yaml").path):1:1: error: no energy reference table: give the ERT (--ert ERT.yaml)"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("o/arch.yaml").path))
    }
}
