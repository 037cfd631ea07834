import DFSim
import DFSimSpec
import DFSimTimeloop
import Foundation
import Testing

/// Every reference case's Timeloop inputs (`case-NNN/timeloop/`), imported, must evaluate exactly
/// like the case's own dfsim files: the same levels, the same counts per level and tensor, the
/// same cycles, energies within 1e-6; and the counts and cycles Timeloop printed (its
/// `expected-no-link-transfers.json` where a case has one, since dfsim models no link transfers).
@Suite struct ReferenceImportTests {
    static let reference = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Reference")
    static let cases = reference.appendingPathComponent("cases")

    static var caseNames: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: cases.path)) ?? []
        return names.filter { $0.hasPrefix("case-") }.sorted()
    }

    @Test func allFortyCasesArePresent() {
        #expect(Self.caseNames.count == 40, "found \(Self.caseNames.count) cases at \(Self.cases.path)")
    }

    static func importCase(_ name: String) throws -> TimeloopImport {
        let dir = cases.appendingPathComponent(name).appendingPathComponent("timeloop")
        return try TimeloopImport.translate(.init(
            architecture: dir.appendingPathComponent("arch.yaml").path, problem: dir.appendingPathComponent("problem.yaml").path,
            mapping: dir.appendingPathComponent("map.yaml").path, energyTable: dir.appendingPathComponent("ERT.yaml").path))
    }

    @Test(arguments: caseNames)
    func importedCaseEvaluatesLikeItsDFSimFiles(caseName: String) throws {
        let imported = try Self.importCase(caseName)
        let (arch, _, einsum, mapping) = try imported.parsed()
        let got = CostModel.evaluate(einsum, on: arch, mapping: try #require(mapping))

        let dir = Self.cases.appendingPathComponent(caseName)
        let ownArch = try ArchitectureSpec.load(dir.appendingPathComponent("arch.yaml").path)
        let ownWorkload = try WorkloadSpec.load(dir.appendingPathComponent("workload.yaml").path)
        let ownEinsum = try #require(ownWorkload.mappedLayers.first?.einsum)
        let ownMapping = try MappingSpec.load(dir.appendingPathComponent("mapping.yaml").path, einsum: ownEinsum, architecture: ownArch)
        let want = CostModel.evaluate(ownEinsum, on: ownArch, mapping: ownMapping)

        #expect(arch.levels.map(\.name) == ownArch.levels.map(\.name), "\(caseName) levels")
        #expect(arch.totalPEs == ownArch.totalPEs, "\(caseName) PEs")
        #expect(got.macs == want.macs, "\(caseName) MACs")
        #expect(got.cycles == want.cycles, "\(caseName) cycles \(got.cycles), want \(want.cycles)")
        #expect(got.computeCycles == want.computeCycles, "\(caseName) compute cycles")
        #expect(got.utilizedPEs == want.utilizedPEs, "\(caseName) utilized PEs")
        #expect(close(got.energyPJ, want.energyPJ), "\(caseName) energy \(got.energyPJ), want \(want.energyPJ)")
        #expect(close(got.computeEnergyPJ, want.computeEnergyPJ), "\(caseName) compute energy")
        for w in want.levels {
            guard let g = got.levels.first(where: { $0.name == w.name }) else {
                Issue.record("\(caseName): level \(w.name) missing from the import")
                continue
            }
            #expect(g.instances == w.instances, "\(caseName) \(w.name) instances")
            #expect(g.cycles == w.cycles, "\(caseName) \(w.name) cycles")
            #expect(close(g.energyPJ, w.energyPJ), "\(caseName) \(w.name) energy \(g.energyPJ), want \(w.energyPJ)")
            #expect(g.tensors.map(\.role) == w.tensors.map(\.role), "\(caseName) \(w.name) keeps")
            for wt in w.tensors {
                guard let gt = g.tensors.first(where: { $0.role == wt.role }) else { continue }
                let counts: [Int] = [gt.utilizedCapacity, gt.instances, gt.reads, gt.fills, gt.updates]
                let wanted: [Int] = [wt.utilizedCapacity, wt.instances, wt.reads, wt.fills, wt.updates]
                #expect(counts == wanted,
                        "\(caseName) \(w.name)/\(wt.role.rawValue) [capacity, instances, reads, fills, updates]")
                #expect(close(gt.energyPJ, wt.energyPJ), "\(caseName) \(w.name)/\(wt.role.rawValue) energy")
            }
        }

        // The same loop nest: temporal loops outermost first, spatial loops per axis in order.
        let ownMappingLevels = ownMapping.levels
        let importedLevels = try #require(mapping).levels
        #expect(importedLevels.count == ownMappingLevels.count, "\(caseName) mapping levels")
        for (i, (g, w)) in zip(importedLevels, ownMappingLevels).enumerated() {
            let name = arch.levels[i].name
            #expect(g.temporal.map { "\(einsum.dims[$0.dim].name)\($0.factor)" } == w.temporal.map { "\(ownEinsum.dims[$0.dim].name)\($0.factor)" },
                    "\(caseName) \(name) temporal loops")
            for axis in ["x", "y"] {
                #expect(g.spatial.filter { $0.axis.rawValue == axis }.map { "\(einsum.dims[$0.dim].name)\($0.factor)" }
                        == w.spatial.filter { $0.axis.rawValue == axis }.map { "\(ownEinsum.dims[$0.dim].name)\($0.factor)" },
                        "\(caseName) \(name) spatial loops along \(axis)")
            }
        }

        // Timeloop's own counts.
        var file = dir.appendingPathComponent("expected-no-link-transfers.json")
        if !FileManager.default.fileExists(atPath: file.path) { file = dir.appendingPathComponent("expected.json") }
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any]
        let layer = try #require((json?["layers"] as? [[String: Any]])?.first)
        #expect(got.cycles == layer["cycles"] as? Int, "\(caseName) Timeloop cycles")
        for level in layer["levels"] as? [[String: Any]] ?? [] {
            let name = level["name"] as? String ?? ""
            let g = got.levels.first { $0.name == name }
            for tensor in level["tensors"] as? [[String: Any]] ?? [] {
                let t = g?.tensors.first { $0.role.rawValue == tensor["role"] as? String }
                let counts = [t?.reads, t?.fills, t?.updates].map { $0 ?? -1 }
                #expect(counts == ["reads", "fills", "updates"].map { tensor[$0] as? Int ?? -2 },
                        "\(caseName) \(name)/\(tensor["role"] ?? "") Timeloop [reads, fills, updates]")
            }
        }
    }

    func close(_ a: Double, _ b: Double) -> Bool {
        abs(a - b) <= 1e-6 * max(abs(a), abs(b)) || abs(a - b) < 1e-9
    }
}
