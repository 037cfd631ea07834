import DFSim
import DFSimSpec
import DFSimTimeloop
import Foundation
import Testing

/// The four Timeloop exercise designs of `Tests/Reference/timeloop/` import in every variant
/// (`arch-only`, the hyphenated simba variant, `arch-with-constraints`, `arch-tight-conv3`)
/// and evaluate like reference cases 001–004, which are the same inputs; the constraints become
/// dfsim constraints; the v0.4 `nodes` form of eyeriss_like gives the same numbers as its v0.3 form.
@Suite struct DesignImportTests {
    static let designs = ReferenceImportTests.reference.appendingPathComponent("timeloop")
    static let caseOfDesign = ["eyeriss_like": "case-001", "simba_like": "case-002",
                               "simple_weight_stationary": "case-003", "simple_output_stationary": "case-004"]

    /// (design, architecture file) for every architecture variant of every design.
    static var variants: [String] {
        caseOfDesign.keys.sorted().flatMap { design in
            let files = (try? FileManager.default.contentsOfDirectory(atPath: designs.appendingPathComponent(design).path)) ?? []
            return files.filter { $0.hasPrefix("arch") && $0.hasSuffix(".yaml") }.sorted().map { "\(design)/\($0)" }
        }
    }

    @Test func everyDesignHasItsVariants() {
        #expect(Self.variants == [
            "eyeriss_like/arch-only.yaml", "eyeriss_like/arch-tight-conv3.yaml", "eyeriss_like/arch-with-constraints.yaml",
            "simba_like/arch-only-hyphen.yaml", "simba_like/arch-only.yaml", "simba_like/arch-with-constraints.yaml",
            "simple_output_stationary/arch-only.yaml", "simple_output_stationary/arch-with-constraints.yaml",
            "simple_weight_stationary/arch-only.yaml", "simple_weight_stationary/arch-with-constraints.yaml",
        ])
    }

    static func importDesign(_ design: String, arch: String, mapping: Bool = true, name: String? = nil) throws -> TimeloopImport {
        let dir = designs.appendingPathComponent(design)
        return try TimeloopImport.translate(.init(
            architecture: dir.appendingPathComponent(arch).path, problem: dir.appendingPathComponent("default-problem.yaml").path,
            mapping: mapping ? dir.appendingPathComponent("ref-map.yaml").path : nil,
            energyTable: dir.appendingPathComponent("ERT.yaml").path, name: name))
    }

    /// The evaluation of a reference case's own dfsim files.
    static func caseEvaluation(_ name: String) throws -> Evaluation {
        let dir = ReferenceImportTests.cases.appendingPathComponent(name)
        let arch = try ArchitectureSpec.load(dir.appendingPathComponent("arch.yaml").path)
        let workload = try WorkloadSpec.load(dir.appendingPathComponent("workload.yaml").path)
        let einsum = try #require(workload.mappedLayers.first?.einsum)
        let mapping = try MappingSpec.load(dir.appendingPathComponent("mapping.yaml").path, einsum: einsum, architecture: arch)
        return CostModel.evaluate(einsum, on: arch, mapping: mapping)
    }

    static func evaluate(_ imported: TimeloopImport) throws -> Evaluation {
        let (arch, _, einsum, mapping) = try imported.parsed()
        return CostModel.evaluate(einsum, on: arch, mapping: try #require(mapping))
    }

    /// Counts and cycles exactly, energies within 1e-6, level by level and tensor by role.
    static func expectSame(_ got: Evaluation, _ want: Evaluation, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-6 * max(abs(a), abs(b)) }
        #expect(got.cycles == want.cycles && got.macs == want.macs && got.utilizedPEs == want.utilizedPEs,
                "\(what): cycles \(got.cycles)/\(want.cycles), MACs, PEs", sourceLocation: sourceLocation)
        #expect(close(got.energyPJ, want.energyPJ), "\(what): energy \(got.energyPJ), want \(want.energyPJ)", sourceLocation: sourceLocation)
        #expect(got.levels.map(\.name) == want.levels.map(\.name), "\(what): levels", sourceLocation: sourceLocation)
        for (g, w) in zip(got.levels, want.levels) {
            #expect(close(g.energyPJ, w.energyPJ) && g.cycles == w.cycles, "\(what): \(w.name) energy or cycles", sourceLocation: sourceLocation)
            let counts = g.tensors.map { [$0.utilizedCapacity, $0.instances, $0.reads, $0.fills, $0.updates] }
            let wanted = w.tensors.map { [$0.utilizedCapacity, $0.instances, $0.reads, $0.fills, $0.updates] }
            #expect(g.tensors.map(\.role) == w.tensors.map(\.role) && counts == wanted, "\(what): \(w.name) counts", sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: variants)
    func designImportsAndEvaluatesLikeItsCase(variant: String) throws {
        let parts = variant.split(separator: "/").map(String.init)
        let imported = try Self.importDesign(parts[0], arch: parts[1])
        Self.expectSame(try Self.evaluate(imported), try Self.caseEvaluation(Self.caseOfDesign[parts[0]]!), variant)
    }

    /// eyeriss_like's architecture constraints become the dfsim constraints of docs/format.md §2.7.
    @Test func eyerissConstraintsBecomeDFSimConstraints() throws {
        let imported = try Self.importDesign("eyeriss_like", arch: "arch-with-constraints.yaml")
        let text = imported.architectureYAML
        #expect(text.contains("""
            constraints:
              "shared_glb": {spatial: {x: [q, m], y: [s, c, m]}}
              "ifmap_spad": {temporal: {factors: {c: 1, m: 1, r: 1, s: 1, n: 1, p: 1, q: 1}}}
              "weights_spad": {temporal: {factors: {m: 1, s: 1, n: 1, p: 1, q: 1}, order: [r, c]}}
              "psum_spad": {temporal: {factors: {c: 1, r: 1, s: 1, n: 1, p: 1, q: 1}, order: [m]}}

            """), "\(text)")
        let (arch, _, _, _) = try imported.parsed()
        let glb = try #require(arch.constraints.levels["shared_glb"])
        #expect(glb.spatialX == ["q", "m"] && glb.spatialY == ["s", "c", "m"])
        #expect(imported.notes.contains { $0.contains("the partial temporal permutation at DRAM") })
    }

    /// Without a mapping the constraints' bypass directives give the keep lists, and the
    /// architecture is ready for `dfsim run`.
    @Test func withoutAMappingTheConstraintsKeep() throws {
        let imported = try Self.importDesign("eyeriss_like", arch: "arch-with-constraints.yaml", mapping: false)
        #expect(imported.mappingYAML == nil)
        let (arch, _, _, mapping) = try imported.parsed()
        #expect(mapping == nil)
        #expect(arch.levels.map(\.keep) == [.all, .only(["inputs", "outputs"]),
                                             .only(["inputs"]), .only(["weights"]), .only(["outputs"])])
        // Without any keep information a level's keep is left to the mapper.
        let bare = try Self.importDesign("eyeriss_like", arch: "arch-only.yaml", mapping: false)
        #expect(bare.architectureYAML.components(separatedBy: "keep: auto").count - 1 == 4)
    }

    /// The hyphenated spellings of simba_like read exactly as the underscored ones.
    @Test func hyphenatedKeysReadAsUnderscored() throws {
        let a = try Self.importDesign("simba_like", arch: "arch-only.yaml", name: "simba")
        let b = try Self.importDesign("simba_like", arch: "arch-only-hyphen.yaml", name: "simba")
        #expect(a.architectureYAML.replacingOccurrences(of: "arch-only.yaml", with: "arch-only-hyphen.yaml") == b.architectureYAML)
        #expect(a.mappingYAML == b.mappingYAML)
    }

    /// simba_like's PEWeightRegs (cluster size 64): Timeloop's energy per access is spread over
    /// the utilized instances of each cluster, 4 clusters for 48 instances in this mapping.
    @Test func clusterEnergyFollowsTheMapping() throws {
        let imported = try Self.importDesign("simba_like", arch: "arch-only.yaml")
        let (arch, _, _, _) = try imported.parsed()
        let regs = try #require(arch.levels.first { $0.name == "PEWeightRegs" })
        #expect(abs(regs.readEnergy - 0.259899 * 4 / 48) < 1e-12)
        #expect(abs(regs.writeEnergy - 0.080139 * 4 / 48) < 1e-12)
        #expect(imported.notes.contains { $0.hasPrefix("PEWeightRegs: cluster size 64") })
    }

    /// eyeriss_like written in the v0.4 `nodes` form (containers, a `!Parallel` group of
    /// scratchpads, `memory_depth`/`memory_width`/`block_size`) gives case-001's numbers.
    @Test func nodesFormGivesTheSameNumbers() throws {
        let folder = try TemporaryFolder()
        let arch = try folder.write("arch.yaml", """
            architecture:
              version: 0.4
              nodes:
              - !Container
                name: system_top_level
                attributes: {technology: "32nm", global_cycle_seconds: 1e-9}
              - !Component
                name: DRAM
                class: DRAM
                attributes: {type: "LPDDR4", width: 64, block_size: 8, datawidth: 8}
              - !Component
                name: shared_glb
                class: smartbuffer_SRAM
                attributes: {memory_depth: 16384, memory_width: 64, n_banks: 32, block_size: 8, datawidth: 8,
                             read_bandwidth: 16, write_bandwidth: 16}
              - !Container
                name: inter_PE_column_spatial
              - !Container
                name: inter_PE_spatial
                spatial: {meshX: 14}
              - !Parallel
                nodes:
                - !Component
                  name: ifmap_spad
                  class: smartbuffer_RF
                  spatial: {meshY: 12}
                  attributes: {memory_depth: 12, memory_width: 16, datawidth: 8, read_bandwidth: 2, write_bandwidth: 2}
                - !Component
                  name: weights_spad
                  class: smartbuffer_RF
                  attributes: {memory_depth: 192, memory_width: 16, datawidth: 8, read_bandwidth: 2, write_bandwidth: 2}
                - !Component
                  name: psum_spad
                  class: smartbuffer_RF
                  attributes: {memory_depth: 16, memory_width: 16, datawidth: 16, update_fifo_depth: 2, read_bandwidth: 2, write_bandwidth: 2}
              - !Component
                name: mac
                class: intmac
                attributes: {multiplier_width: 8, adder_width: 16}

            """)
        let dir = Self.designs.appendingPathComponent("eyeriss_like")
        let imported = try TimeloopImport.translate(.init(
            architecture: arch, problem: dir.appendingPathComponent("default-problem.yaml").path,
            mapping: dir.appendingPathComponent("ref-map.yaml").path, energyTable: dir.appendingPathComponent("ERT.yaml").path))
        Self.expectSame(try Self.evaluate(imported), try Self.caseEvaluation("case-001"), "eyeriss_like as v0.4 nodes")
    }

    /// eyeriss_like as a nested v0.3 tree (`PE[0..167]` subtree, instance counts multiplied down
    /// the tree, `datawidth` inherited from a subtree's attributes) gives case-001's numbers.
    @Test func nestedTreeGivesTheSameNumbers() throws {
        let folder = try TemporaryFolder()
        let arch = try folder.write("arch.yaml", """
            architecture:
              version: 0.3
              subtree:
              - name: system
                local:
                - name: DRAM
                  class: DRAM
                  attributes: {type: LPDDR4, width: 64, datawidth: 8}
                subtree:
                - name: eyeriss
                  attributes: {technology: 32nm, datawidth: 8}
                  local:
                  - name: shared_glb
                    class: smartbuffer_SRAM
                    attributes: {memory_depth: 16384, memory_width: 64, n_banks: 32, read_bandwidth: 16, write_bandwidth: 16}
                  - name: inter_PE_column_spatial
                    class: dummy_storage
                  - name: inter_PE_spatial[0..13]
                    class: dummy_storage
                    attributes: {meshX: 14}
                  subtree:
                  - name: PE[0..167]
                    local:
                    - name: ifmap_spad
                      class: smartbuffer_RF
                      attributes: {memory_depth: 12, memory_width: 16, read_bandwidth: 2, write_bandwidth: 2, meshX: 14}
                    - name: weights_spad
                      class: smartbuffer_RF
                      attributes: {memory_depth: 192, memory_width: 16, read_bandwidth: 2, write_bandwidth: 2, meshX: 14}
                    - name: psum_spad
                      class: smartbuffer_RF
                      attributes: {memory_depth: 16, memory_width: 16, datawidth: 16, read_bandwidth: 2, write_bandwidth: 2, meshX: 14}
                    - name: mac
                      class: intmac
                      attributes: {datawidth: 8, meshX: 14}

            """)
        let dir = Self.designs.appendingPathComponent("eyeriss_like")
        let imported = try TimeloopImport.translate(.init(
            architecture: arch, problem: dir.appendingPathComponent("default-problem.yaml").path,
            mapping: dir.appendingPathComponent("ref-map.yaml").path, energyTable: dir.appendingPathComponent("ERT.yaml").path))
        Self.expectSame(try Self.evaluate(imported), try Self.caseEvaluation("case-001"), "eyeriss_like as a nested v0.3 tree")
    }

    /// The files written by `write(to:)` are what `dfsim model` reads.
    @Test func writtenFilesLoad() throws {
        let folder = try TemporaryFolder()
        let imported = try Self.importDesign("simple_weight_stationary", arch: "arch-only.yaml")
        try imported.write(to: folder.path)
        let arch = try ArchitectureSpec.load(folder.path + "/arch.yaml")
        let workload = try WorkloadSpec.load(folder.path + "/workload.yaml")
        let einsum = try #require(workload.mappedLayers.first?.einsum)
        let mapping = try MappingSpec.load(folder.path + "/mapping.yaml", einsum: einsum, architecture: arch)
        Self.expectSame(CostModel.evaluate(einsum, on: arch, mapping: mapping), try Self.caseEvaluation("case-003"), "written files")
        // A later import without a mapping removes the stale mapping file.
        try Self.importDesign("simple_weight_stationary", arch: "arch-only.yaml", mapping: false).write(to: folder.path)
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/mapping.yaml"))
    }
}

/// A fresh folder under the temporary directory, removed when the value goes away.
final class TemporaryFolder {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("dfsim-timeloop-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `text` into `name` and returns its path.
    @discardableResult func write(_ name: String, _ text: String) throws -> String {
        let file = path + "/" + name
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }
}
