import DFSim
import DFSimSpec
import Foundation
import Numerics
import Testing

/// Golden tests: every case in `Tests/Reference/cases` (Timeloop v3.0.3's own numbers) must be
/// reproduced: counts and cycles exactly, energies within 0.1 %, utilization within 1e-6.
@Suite struct ReferenceCaseTests {
    static let casesDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Tests/Reference/cases")

    /// Every bundled case; an empty list fails `referenceCasesArePresent` rather than skipping silently.
    static var caseNames: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: casesDirectory.path)) ?? []
        return names.filter { $0.hasPrefix("case-") }.sorted()
    }

    struct LoadedCase {
        var einsum: Einsum
        var architecture: Architecture
        var mapping: Mapping
        var expected: [String: Any]
    }

    static func load(_ name: String) throws -> LoadedCase {
        let dir = casesDirectory.appendingPathComponent(name)
        let arch = try ArchitectureSpec.load(dir.appendingPathComponent("arch.yaml").path)
        let workload = try WorkloadSpec.load(dir.appendingPathComponent("workload.yaml").path)
        let einsum = try #require(workload.mappedLayers.first?.einsum)
        let mapping = try MappingSpec.load(dir.appendingPathComponent("mapping.yaml").path, einsum: einsum, architecture: arch)
        var file = dir.appendingPathComponent("expected-no-link-transfers.json")
        if !FileManager.default.fileExists(atPath: file.path) { file = dir.appendingPathComponent("expected.json") }
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any]
        let layer = try #require((json?["layers"] as? [[String: Any]])?.first)
        return LoadedCase(einsum: einsum, architecture: arch, mapping: mapping, expected: layer)
    }

    @Test func referenceCasesArePresent() throws {
        try #require(Self.caseNames.count == 40, "expected the 40 bundled reference cases at \(Self.casesDirectory.path), found \(Self.caseNames.count): restore Tests/Reference/cases from git")
    }

    @Test(arguments: caseNames)
    func modelMatchesTimeloop(caseName: String) throws {
        let c = try Self.load(caseName)
        let e = CostModel.evaluate(c.einsum, on: c.architecture, mapping: c.mapping)
        let exp = c.expected
        #expect(e.macs == exp["macs"] as? Int, "\(caseName) macs")
        #expect(e.cycles == exp["cycles"] as? Int, "\(caseName) cycles")
        #expect(e.computeCycles == exp["compute_cycles"] as? Int, "\(caseName) compute cycles")
        #expect(e.utilization.isApproximatelyEqual(to: exp["utilization"] as? Double ?? -1, relativeTolerance: 1e-6))
        #expect(e.energyPJ.isApproximatelyEqual(to: exp["energy_pj"] as? Double ?? -1, relativeTolerance: 1e-3),
                "\(caseName) energy \(e.energyPJ)")
        let compute = exp["compute"] as? [String: Any]
        #expect(e.computeEnergyPJ.isApproximatelyEqual(to: compute?["energy_pj"] as? Double ?? -1, relativeTolerance: 1e-3))
        for level in exp["levels"] as? [[String: Any]] ?? [] {
            let name = level["name"] as? String ?? ""
            guard let got = e.levels.first(where: { $0.name == name }) else {
                Issue.record("\(caseName): level \(name) missing")
                continue
            }
            #expect(got.instances == level["instances"] as? Int, "\(caseName) \(name) instances")
            #expect(got.energyPJ.isApproximatelyEqual(to: level["energy_pj"] as? Double ?? -1, relativeTolerance: 1e-3),
                    "\(caseName) \(name) energy")
            for tensor in level["tensors"] as? [[String: Any]] ?? [] {
                let role = tensor["role"] as? String ?? ""
                guard let t = got.tensors.first(where: { $0.role.rawValue == role }) else {
                    Issue.record("\(caseName): \(name)/\(role) missing")
                    continue
                }
                let counts = [t.utilizedCapacity, t.reads, t.fills, t.updates]
                let expected = ["utilized_capacity", "reads", "fills", "updates"].map { tensor[$0] as? Int ?? -1 }
                #expect(counts == expected, "\(caseName) \(name)/\(role) [capacity, reads, fills, updates]")
            }
        }
    }

    /// The cases the brute-force simulator walks: every case of at most
    /// `Exhaustive.simulatorMACLimit` MACs (a case that does not load is kept, so it fails).
    static var simulatedCaseNames: [String] {
        caseNames.filter { name in (try? load(name)).map { $0.einsum.macs <= Exhaustive.simulatorMACLimit } ?? true }
    }

    /// The walked set is chosen by size, never silently empty: 16 of the 40 cases by default
    /// (≤ 2,000 MACs), 25 with `DFSIM_EXHAUSTIVE=1` (≤ 9,000 MACs; the rest take minutes each).
    @Test(.tags(.exhaustive)) func simulatorWalksTheSmallCases() throws {
        let expected = Exhaustive.enabled ? 25 : 16
        #expect(Self.simulatedCaseNames.count == expected,
                "the simulator walks \(Self.simulatedCaseNames.count) cases of at most \(Exhaustive.simulatorMACLimit) MACs, expected \(expected): \(Self.simulatedCaseNames)")
    }

    /// The brute-force simulator, too, reproduces Timeloop on every case small enough to walk.
    @Test(.tags(.exhaustive), arguments: simulatedCaseNames)
    func simulatorMatchesTimeloop(caseName: String) throws {
        let c = try Self.load(caseName)
        let reference = ReferenceSimulator(einsum: c.einsum, architecture: c.architecture, mapping: c.mapping).run()
        for level in c.expected["levels"] as? [[String: Any]] ?? [] {
            let name = level["name"] as? String ?? ""
            let index = try #require(c.architecture.levelIndex(named: name))
            for tensor in level["tensors"] as? [[String: Any]] ?? [] {
                let t = try #require(c.einsum.tensors.firstIndex { $0.role.rawValue == tensor["role"] as? String })
                let got = try #require(reference[index][t])
                let counts = [got.capacity, got.reads, got.fills, got.updates]
                let expected = ["utilized_capacity", "reads", "fills", "updates"].map { tensor[$0] as? Int ?? -1 }
                #expect(counts == expected, "\(caseName) \(name)/\(tensor["role"] ?? "") [capacity, reads, fills, updates]")
            }
        }
    }
}
