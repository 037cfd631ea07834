import DFSim
import DFSimSpec
import Foundation
import Testing

/// `dataflow_variants:` (each dataflow's own storage split), `keep: all`, `keep: []` without a
/// size, and the batch override of workloads.
@Suite struct ArchitectureVariantTests {
    static let text = """
        dfsim: 1
        name: split
        energy_table: eyeriss65
        levels:
        - {name: DRAM, kind: dram}
        - {name: GLB, kind: sram, size: 1000}
        - {name: RF, spatial: {x: 4, y: 4}, kind: regfile, size: 8, keep: all}
        dataflow_variants:
          weight_stationary:
            description: one weight word per PE
            levels:
            - {name: DRAM, kind: dram}
            - {name: GLB, kind: sram, size: 1112}
            - {name: RF, spatial: {x: 4, y: 4}, kind: regfile, size: 1, keep: [weights]}
          nlr:
            levels:
            - {name: DRAM, kind: dram}
            - {name: GLB, kind: sram, size: 1128}
            - {name: PE, spatial: {x: 4, y: 4}, kind: regfile, keep: []}

        """

    func write(_ text: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dfsim-variants-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("arch.yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func eachDataflowLoadsItsOwnSplit() throws {
        let path = try write(Self.text)
        let base = try ArchitectureSpec.load(path)
        #expect(base.levels[2].keep == .all)
        #expect(base.levels[2].sizeWords == 8)
        #expect(base.constraints.dataflow == nil)
        let ws = try ArchitectureSpec.load(path, dataflow: .weightStationary)
        #expect(ws.levels[1].sizeWords == 1112)
        #expect(ws.levels[2].keep == .only(["weights"]))
        #expect(ws.constraints.dataflow == .weightStationary)
        #expect(ws.description.contains("one weight word per PE"))
        let nlr = try ArchitectureSpec.load(path, dataflow: .noLocalReuse)
        #expect(nlr.levels[2].name == "PE")
        #expect(nlr.levels[2].sizeWords == nil)
        // Without a variant the base is used (the caller applies the preset).
        let os = try ArchitectureSpec.load(path, dataflow: .outputStationary)
        #expect(os.levels == base.levels)
        #expect(ArchitectureSpec.variantDataflows(path) == [.weightStationary, .noLocalReuse])
        // Same total storage: 1000 + 16 × 8 = 1112 + 16 × 1 = 1128 words of 16 bits.
        #expect(base.onChipBytes == ws.onChipBytes && ws.onChipBytes == nlr.onChipBytes)
    }

    @Test func badVariantsAreReportedWhereTheyAre() throws {
        let misspelled = Self.text.replacingOccurrences(of: "  weight_stationary:", with: "  weight_stationery:")
        let error = try #require(throws: SpecError.self) { try ArchitectureSpec.load(try write(misspelled)) }
        #expect(error.description.contains("weight_stationery"))
        #expect(error.description.contains("did you mean 'weight_stationary'?"))
        let tooSmall = Self.text.replacingOccurrences(of: "size: 1112", with: "size: 0")
        let error2 = try #require(throws: SpecError.self) { try ArchitectureSpec.load(try write(tooSmall)) }
        #expect(error2.description.contains("in the weight_stationary variant: 'size' of GLB must be positive"))
        #expect(error2.description.contains(":13:37:"))
    }

    @Test func aLevelThatKeepsSomethingNeedsASize() throws {
        let text = Self.text.replacingOccurrences(of: "kind: regfile, keep: []}", with: "kind: regfile, keep: [inputs]}")
        let error = try #require(throws: SpecError.self) { try ArchitectureSpec.load(try write(text)) }
        #expect(error.description.contains("level 'PE' needs a 'size'"))
    }

    @Test func batchOverrideReexpandsShorthands() throws {
        let text = """
            dfsim: 1
            batch: 2
            layers:
            - {name: c, conv2d: {in: [3, 8, 8], out: 4, kernel: 3}}
            - {name: e, einsum: "O[m] += I[c] * W[m,c]", dims: {m: 4, c: 3}}
            """
        let file = try WorkloadSpec.parse(text: text, file: "w.yaml")
        let sixteen = try WorkloadSpec.parse(text: text, file: "w.yaml", batch: 16)
        #expect(file.batch == 2 && sixteen.batch == 16)
        #expect(sixteen.layers[0].einsum?.macs == 8 * (file.layers[0].einsum?.macs ?? 0))
        #expect(sixteen.layers[1].einsum?.macs == file.layers[1].einsum?.macs)
    }

    @Test func bundledEyeriss256SplitsTheSameStorage() throws {
        let path = ParsingTests.root.appendingPathComponent("arch/eyeriss_256.yaml").path
        let variants = try DataflowPreset.allCases.map { try ArchitectureSpec.load(path, dataflow: $0) }
        // The paper's baseline: 256 PEs × 0.5 kB + 128 KiB = 131,072 16-bit words, for every dataflow.
        #expect(Set(variants.map(\.onChipBytes)) == [262_144])
        #expect(try ArchitectureSpec.load(path).totalPEs == 256)
        // What each dataflow's buffer holds, as in the paper: RS inputs and partial sums, WS partial
        // sums only, OS inputs and weights, IS and NLR everything.
        let held = variants.map { $0.levels[1].keep }
        #expect(held == [.only(["outputs"]), .only(["inputs", "weights"]), .all, .only(["inputs", "outputs"]), .all], "\(held)")
    }
}

extension ArchitectureVariantTests {
    @Test func sweepsUseEachDataflowsVariant() throws {
        let arch = try write(Self.text)
        let dir = (arch as NSString).deletingLastPathComponent
        try "dfsim: 1\nlayers:\n  - {name: fc, linear: {in: 8, out: 4}}\n"
            .write(toFile: dir + "/lin.yaml", atomically: true, encoding: .utf8)
        let sweep = dir + "/sweep.yaml"
        try """
            dfsim: 1
            name: v
            arch: arch.yaml
            workloads: [lin.yaml]
            vary:
              levels.GLB.bandwidth: [4, 8]
              dataflow: [ws, nlr, os]
            """.write(toFile: sweep, atomically: true, encoding: .utf8)
        let plan = try SweepSpec.load(sweep)
        let levelNames = plan.points.map { $0.architecture.levels.map(\.name).joined(separator: ",") }
        #expect(levelNames == Array(repeating: ["DRAM,GLB,RF", "DRAM,GLB,PE", "DRAM,GLB,RF"], count: 2).flatMap { $0 })
        #expect(plan.points.map { $0.architecture.levels[1].sizeWords } == [1112, 1128, 1000, 1112, 1128, 1000])
        #expect(plan.points.map { $0.architecture.levels[1].bandwidth.shared } == [4, 4, 4, 8, 8, 8])
    }
}
