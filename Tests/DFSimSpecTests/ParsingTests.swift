import DFSim
import DFSimSpec
import Foundation
import Testing

/// Successful parses: the bundled specs, and every accepted spelling of sizes, bandwidths,
/// energies, einsums and mappings, with the values they must produce (derived by hand).
@Suite struct ParsingTests {
    /// The package root: `Tests/DFSimSpecTests/ParsingTests.swift` → up three levels.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func yamlFiles(in folder: String) -> [String] {
        let dir = root.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { dir.appendingPathComponent($0).path }
    }

    func close(_ a: Double?, _ b: Double) -> Bool {
        guard let a else { return false }
        return abs(a - b) <= 1e-12 * max(1, abs(b))
    }

    func arch(_ text: String) throws -> Architecture { try ArchitectureSpec.parse(text: text, file: "arch.yaml") }
    func workload(_ text: String) throws -> Workload { try WorkloadSpec.parse(text: text, file: "net.yaml") }

    func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dfsim-parsing-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    // MARK: - Bundled files

    @Test func everyBundledArchitectureLoads() throws {
        let files = Self.yamlFiles(in: "arch")
        #expect(files.map { ($0 as NSString).lastPathComponent } == [
            "eyeriss_256.yaml", "eyeriss_45nm.yaml", "eyeriss_free.yaml", "eyeriss_like.yaml", "nvdla_like.yaml", "simba_like.yaml",
            "simple_output_stationary.yaml", "simple_weight_stationary.yaml", "tpu_like.yaml", "ws_16x16.yaml"])
        for file in files {
            let a = try ArchitectureSpec.load(file)
            #expect(!a.levels.isEmpty, "\(file)")
            #expect(a.levels.first?.kind == .dram, "\(file)")
        }
    }

    @Test func everyBundledWorkloadLoads() throws {
        let files = Self.yamlFiles(in: "workloads")
        #expect(files.map { ($0 as NSString).lastPathComponent } == [
            "alexnet.yaml", "bert_base_layer.yaml", "mobilenet_v2.yaml", "resnet50.yaml", "vgg16.yaml"])
        for file in files {
            let w = try WorkloadSpec.load(file)
            #expect(!w.mappedLayers.isEmpty, "\(file)")
        }
        // AlexNet: 8 mapped layers (5 conv + 3 fc) and 3 pools.
        let alexnet = try WorkloadSpec.load(Self.root.appendingPathComponent("workloads/alexnet.yaml").path)
        #expect(alexnet.name == "alexnet")
        #expect(alexnet.layers.count == 11)
        #expect(alexnet.mappedLayers.count == 8)
    }

    @Test func eyeriss45nmDetails() throws {
        let a = try ArchitectureSpec.load(Self.root.appendingPathComponent("arch/eyeriss_45nm.yaml").path)
        #expect(a.name == "eyeriss_45nm")
        #expect(a.levels.map(\.name) == ["DRAM", "GLB", "weights_spad", "ifmap_spad", "psum_spad"])
        #expect(a.clockMHz == 200)
        #expect(a.wordBits == 16)
        #expect(a.totalPEs == 168)                       // 14 × 12
        #expect(a.energyTableName == "horowitz45")
        let glb = a.levels[1]
        #expect(glb.sizeWords == 55_296)                 // 108 KiB = 110,592 bytes = 55,296 16-bit words
        #expect(glb.keep == .only(["inputs", "outputs"]))
        #expect(glb.bandwidth == Bandwidth(shared: 16))
        #expect(a.levels[0].bandwidth == Bandwidth(shared: 4))
        #expect(a.levels[0].sizeWords == nil)
        // horowitz45 SRAM: 5 pJ × 16/32 × sqrt(108 KiB / 8 KiB) = 2.5 × sqrt(13.5).
        #expect(close(glb.readEnergy, 2.5 * 13.5.squareRoot()))
        #expect(glb.writeEnergy == glb.readEnergy)
        #expect(glb.energySource.contains("horowitz45"))
        #expect(glb.energySource.contains("sqrt(108 KiB / 8 KiB)"))
        #expect(a.levels[0].readEnergy == 320)            // DRAM 640 × 16/32
        #expect(a.levels[2].readEnergy == 0.5)            // RF 1 × 16/32
        #expect(a.levels[2].fanout == Fanout(x: 14, y: 12, multicast: true, reduction: true))
        #expect(a.physicalInstances(ofLevel: 4) == 168)
        // int MAC at 16 bits: 3.1 × (1/2)² + 0.1 × 1/2 = 0.825.
        #expect(close(a.compute.energyPerMAC, 0.825))
        #expect(a.compute.energySource.contains("horowitz45"))
    }

    @Test func eyerissLikeOverridesAndSplitBandwidth() throws {
        let a = try ArchitectureSpec.load(Self.root.appendingPathComponent("arch/eyeriss_like.yaml").path)
        #expect(a.wordBits == 8)
        let glb = try #require(a.levels.first { $0.name == "shared_glb" })
        #expect(glb.bandwidth == Bandwidth(read: 16, write: 16))
        #expect(glb.readEnergy == 2.272978625)
        #expect(glb.writeEnergy == 1.767241125)
        #expect(glb.updateEnergy == 1.767241125)
        #expect(glb.energySource == "set in the architecture")
        #expect(glb.sizeWords == 131_072)
        let psum = try #require(a.levels.last)
        #expect(psum.wordBits == 16)
        #expect(a.levels[2].wordBits == 8)
        #expect(a.compute.energyPerMAC == 0.207692)
        #expect(a.compute.energySource == "set in the architecture")
    }

    @Test func exampleMappingLoadsOntoAlexNetConv3() throws {
        let a = try ArchitectureSpec.load(Self.root.appendingPathComponent("arch/eyeriss_45nm.yaml").path)
        let w = try WorkloadSpec.load(Self.root.appendingPathComponent("workloads/alexnet.yaml").path)
        let einsum = try #require(w.layer(named: "conv3")?.einsum)
        let m = try MappingSpec.load(Self.root.appendingPathComponent("examples/alexnet_conv3_eyeriss_45nm.yaml").path,
                                     einsum: einsum, architecture: a)
        #expect(m.oneLine(for: einsum, on: a) == "DRAM[m24 c4] GLB[c4 p13 | r3y c4y q13x] weights_spad[c4 s3] psum_spad[m16]")
        let e = CostModel.evaluate(einsum, on: a, mapping: m)
        // Temporal factors 24·4·4·13·4·3·16 = 958,464 cycles per PE; 3·4·13 = 156 PEs.
        #expect(e.computeCycles == 958_464)
        #expect(e.utilizedPEs == 156)
    }

    // MARK: - Architecture values

    @Test func sizesWithUnits() throws {
        let a = try arch("""
            dfsim: 1
            levels:
              - {name: DRAM, kind: dram}
              - {name: KiB108, size: 108 KiB}
              - {name: MiB2, size: 2 MiB}
              - {name: MiB2at8, size: 2 MiB, word_bits: 8}
              - {name: B512at32, size: 512 B, word_bits: 32}
              - {name: plain, size: 4096}
              - {name: words, size: 4096 words}
              - {name: KB1, size: 1 KB}
            """)
        // 108·1024 bytes / 2 = 55,296; 2 MiB / 2 = 1,048,576; at 8 bits 2,097,152; 512 B / 4 = 128;
        // plain numbers are words; 1 KB = 1000 bytes = 500 16-bit words.
        #expect(a.levels.map(\.sizeWords) == [nil, 55_296, 1_048_576, 2_097_152, 128, 4096, 4096, 500])
        #expect(a.levels.dropFirst().allSatisfy { $0.kind == .sram })   // default kind below the outermost
        #expect(a.levels[3].wordBits == 8)
    }

    @Test func sharedVersusSplitBandwidth() throws {
        let a = try arch("""
            dfsim: 1
            levels:
              - {name: DRAM, kind: dram, bandwidth: 4}
              - {name: GLB, size: 1024, read_bandwidth: 2, write_bandwidth: 1.5}
              - {name: RF, size: 16, read_bandwidth: 8}
              - {name: Acc, size: 16}
            """)
        #expect(a.levels[0].bandwidth == Bandwidth(shared: 4))
        #expect(a.levels[1].bandwidth == Bandwidth(read: 2, write: 1.5))
        #expect(a.levels[2].bandwidth == Bandwidth(read: 8))
        #expect(a.levels[3].bandwidth == .unlimited)
    }

    @Test func perLevelEnergyOverridesAndTableDefaults() throws {
        let a = try arch("""
            dfsim: 1
            energy_table: horowitz45
            word_bits: 16
            compute: {op: fp_mac}
            levels:
              - {name: DRAM, kind: dram}
              - {name: GLB, kind: sram, size: 4096}
              - {name: ReadOnly, kind: sram, size: 4096, read_energy: 3}
              - {name: All, kind: sram, size: 4096, read_energy: 3, write_energy: 4, update_energy: 7}
              - {name: RF, kind: regfile, size: 16, word_bits: 8}
            """)
        // Table: DRAM 640 × 16/32 = 320; SRAM 4096 16-bit words = 8 KiB → 5 × 1/2 = 2.5; RF at 8 bits 1/4.
        #expect(a.levels[0].readEnergy == 320)
        #expect(a.levels[0].energySource == "horowitz45: DRAM 640 pJ × 16/32 bits")
        #expect(a.levels[1].readEnergy == 2.5)
        #expect(a.levels[1].writeEnergy == 2.5)
        #expect(a.levels[1].energySource == "horowitz45: SRAM 5 pJ × 16/32 bits × sqrt(8 KiB / 8 KiB)")
        // read_energy alone: writes and updates take it too; the source says where it came from.
        #expect([a.levels[2].readEnergy, a.levels[2].writeEnergy, a.levels[2].updateEnergy] == [3, 3, 3])
        #expect(a.levels[2].energySource == "set in the architecture")
        #expect([a.levels[3].readEnergy, a.levels[3].writeEnergy, a.levels[3].updateEnergy] == [3, 4, 7])
        #expect(a.levels[4].readEnergy == 0.25)
        #expect(a.levels[4].energySource == "horowitz45: RF 1 pJ × 8/32 bits")
        // fp MAC at 16 bits: 3.7/4 + 0.9/2 = 1.375.
        #expect(a.compute.op == "fp_mac")
        #expect(close(a.compute.energyPerMAC, 1.375))
    }

    @Test func eyeriss65TableDefaults() throws {
        let a = try arch("""
            dfsim: 1
            energy_table: eyeriss65
            compute: {op: int_mac}
            levels:
              - {name: DRAM, kind: dram}
              - {name: GLB, kind: sram, size: 108 KiB}
              - {name: RF, kind: regfile, size: 12}
            """)
        #expect(a.levels.map(\.readEnergy) == [200, 6, 1])
        #expect(a.compute.energyPerMAC == 1)
        #expect(a.energyTableName == "eyeriss65")
        #expect(a.energyTableSource.contains("ISCA 2016"))
    }

    @Test func computeEnergyOverride() throws {
        let a = try arch("""
            dfsim: 1
            compute: {op: int_mac, energy_pj: 0.5}
            levels:
              - {name: DRAM, kind: dram}
            """)
        #expect(a.compute.energyPerMAC == 0.5)
        #expect(a.compute.energySource == "set in the architecture")
        // Defaults: horowitz45, 16-bit words, 1000 MHz.
        #expect(a.energyTableName == "horowitz45")
        #expect(a.wordBits == 16)
        #expect(a.clockMHz == 1000)
    }

    @Test func energyTableFromAYAMLFile() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try """
            dfsim: 1
            name: my28nm
            source: "vendor datasheet, 28 nm"
            reference_bits: 16
            dram: 100
            sram: 2.5
            sram_reference_words: 4096
            regfile: 0.3
            int_mult: 0.8
            int_add: 0.05
            """.write(to: dir.appendingPathComponent("table.yaml"), atomically: true, encoding: .utf8)
        let levels = """
            compute: {op: int_mac}
            levels:
              - {name: DRAM, kind: dram}
              - {name: GLB, kind: sram, size: 16384}
              - {name: RF, kind: regfile, size: 8}
              - {name: Narrow, kind: regfile, size: 8, word_bits: 8}
            """
        // Relative to the architecture file's folder.
        let relative = dir.appendingPathComponent("arch.yaml")
        try "dfsim: 1\nenergy_table: table.yaml\n\(levels)".write(to: relative, atomically: true, encoding: .utf8)
        let a = try ArchitectureSpec.load(relative.path)
        #expect(a.energyTableName == "my28nm")
        #expect(a.energyTableSource == "vendor datasheet, 28 nm")
        // DRAM 100 (16-bit reference); SRAM 2.5 × sqrt(16384 / 4096) = 5; RF 0.3; 8-bit RF 0.3 × 8/16.
        #expect(a.levels.map(\.readEnergy) == [100, 5, 0.3, 0.15])
        #expect(a.levels[1].energySource == "my28nm: SRAM 2.5 pJ × sqrt(32 KiB / 8 KiB)")
        // MAC at 16 bits = the reference width: 0.8 + 0.05.
        #expect(close(a.compute.energyPerMAC, 0.85))

        // An absolute path, from an architecture parsed as text.
        let absolute = try arch("dfsim: 1\nenergy_table: \(dir.appendingPathComponent("table.yaml").path)\n\(levels)")
        #expect(absolute.energyTableName == "my28nm")
        #expect(absolute.levels[0].readEnergy == 100)
    }

    @Test func keepPolicies() throws {
        let a = try arch("""
            dfsim: 1
            levels:
              - {name: DRAM, kind: dram}
              - {name: GLB, size: 1024, keep: [inputs, W]}
              - {name: Acc, size: 16, keep: outputs}
              - {name: Auto, size: 16, keep: auto}
              - {name: All, size: 16, spatial: {x: 4}, network: {multicast: false}}
            """)
        #expect(a.levels.map(\.keep) == [.all, .only(["inputs", "W"]), .only(["outputs"]), .auto, .all])
        #expect(a.levels[4].fanout == Fanout(x: 4, y: 1, multicast: false, reduction: true))
    }

    // MARK: - Workloads

    @Test func shorthandsChainShapes() throws {
        let w = try workload("""
            dfsim: 1
            name: tiny
            batch: 2
            layers:
              - name: conv
                conv2d: {in: [3, 32, 32], out: 8, kernel: 3, stride: 2, pad: 1}
              - name: dw
                conv2d: {kernel: 3, pad: 2, dilation: 2, depthwise: true}
              - name: pool
                avgpool: {kernel: 2}
              - name: fc
                linear: {out: 10}
              - name: head
                linear: {in: 64, out: 5}
              - name: mm
                matmul: {m: 4, k: 6, n: 2, learned: false}
            """)
        #expect(w.name == "tiny")
        #expect(w.batch == 2)
        // conv: floor((32 + 2 − 2 − 1) / 2) + 1 = 16; dw (dilation 2, pad 2): (16 + 4 − 4 − 1) + 1 = 16;
        // pool (stride defaults to the kernel): 8; fc flattens 8·8·8 = 512.
        #expect(w.layers.map(\.outputShape) == [[8, 16, 16], [8, 16, 16], [8, 8, 8], [10], [5], [4, 2]])
        #expect(w.layers.map(\.kind) == ["conv2d", "conv2d", "avgpool", "linear", "linear", "matmul"])
        #expect(w.layers.map(\.parameters) == [8 * 3 * 9, 8 * 9, 0, 512 * 10, 64 * 5, 0])
        let dw = try #require(w.layers[1].einsum)
        #expect(dw.description == "O[n,c,p,q] += I[n,c,p+2*r-2,q+2*s-2] * W[c,r,s]")
        #expect(dw.dims.first == Dim(name: "n", bound: 2))
        #expect(w.layers[4].inputShape == [64])
        #expect(try #require(w.layers[5].einsum).description == "O[x,m,n] += A[x,m,k] * B[x,k,n]")
    }

    @Test func einsumTextWithCoefficients() throws {
        let w = try workload("""
            dfsim: 1
            layers:
              - name: strided
                einsum: "O[p] += I[2*p+r] * W[r]"
                dims: {p: 4, r: 3}
              - name: dilated
                einsum: O[p] += I[p + 2*r] * W[r]
                dims: {p: 4, r: 3}
              - name: shifted
                einsum: O[p] += I[p-1 + r] * W[r]
                dims: {p: 4, r: 3}
              - name: reversed
                einsum: O[p] += I[r*3 + p] * W[r]
                dims: {p: 4, r: 3}
            """)
        let e = try w.layers.map { try #require($0.einsum) }
        #expect(e.map(\.description) == ["O[p] += I[2*p+r] * W[r]", "O[p] += I[p+2*r] * W[r]",
                                         "O[p] += I[p+r-1] * W[r]", "O[p] += I[3*r+p] * W[r]"])
        let input = e.map { $0.tensors[1].indices[0] }
        #expect(input[0].terms == [.init(dim: 0, coefficient: 2), .init(dim: 1, coefficient: 1)])
        #expect(input[1].terms == [.init(dim: 0, coefficient: 1), .init(dim: 1, coefficient: 2)])
        #expect(input[2].constant == -1)
        #expect(input[3].coefficient(of: 1) == 3)
        // Input shapes are the index spans: 1 + 2·3 + 2 = 9, 1 + 3 + 2·2 = 8, 1 + 3 + 2 = 6, 1 + 3·2 + 3 = 10.
        #expect(w.layers.map(\.inputShape) == [[9], [8], [6], [10]])
        #expect(w.layers.map(\.outputShape) == [[4], [4], [4], [4]])
        #expect(w.layers.allSatisfy { $0.kind == "einsum" && $0.macs == 12 && $0.parameters == 3 })
        #expect(e[0].tensors.map(\.role) == [.outputs, .inputs, .weights])
    }

    @Test func rolesAndParameters() throws {
        func layer(_ extra: String) throws -> Layer {
            let w = try workload("""
                dfsim: 1
                layers:
                  - name: scores
                    einsum: "S[h,i,j] += Q[h,i,d] * K[h,j,d]"
                    dims: {h: 2, i: 3, j: 4, d: 5}
                \(extra)
                """)
            return try #require(w.layers.first)
        }
        // Default: Q inputs, K weights; parameters = K's 2·4·5 = 40; input shape = Q's [2, 3, 5].
        let plain = try layer("")
        #expect(plain.einsum?.tensors.map(\.role) == [.outputs, .inputs, .weights])
        #expect(plain.parameters == 40)
        #expect(plain.inputShape == [2, 3, 5])
        #expect(plain.outputShape == [2, 3, 4])
        // Swapped roles: Q (2·3·5 = 30) becomes the parameters, K the input.
        let swapped = try layer("    roles: {Q: weights, K: inputs}")
        #expect(swapped.einsum?.tensors.map(\.role) == [.outputs, .weights, .inputs])
        #expect(swapped.einsum?.tensor(.inputs)?.name == "K")
        #expect(swapped.parameters == 30)
        #expect(swapped.inputShape == [2, 4, 5])
        // K is an activation: no parameters.
        #expect(try layer("    parameters: []").parameters == 0)
        // Both, by name and role: 30 + 40.
        #expect(try layer("    parameters: [Q, weights]").parameters == 70)
    }

    // MARK: - Mappings

    static let mappingArch = """
        dfsim: 1
        levels:
          - {name: DRAM, kind: dram}
          - {name: GLB, size: 65536, keep: auto}
          - {name: PE, kind: regfile, size: 64, spatial: {x: 14, y: 3}}
        """

    static let mappingWorkload = """
        dfsim: 1
        layers:
          - name: layer
            einsum: O[m,p,q] += I[c,p,q] * W[m,c]
            dims: {m: 4, c: 3, p: 8, q: 28}
        """

    func mapping(_ body: String) throws -> (Mapping, Einsum, Architecture) {
        let a = try arch(Self.mappingArch)
        let e = try #require(try workload(Self.mappingWorkload).layers.first?.einsum)
        let m = try MappingSpec.parse(text: "dfsim: 1\nmapping:\n" + body, file: "map.yaml", einsum: e, architecture: a)
        return (m, e, a)
    }

    @Test func mappingListAndMappingForms() throws {
        // Dims: m 0, c 1, p 2, q 3. q = 2 × 14, p = 8, m = 4, c = 3.
        let expected = Mapping(levels: [
            LevelMapping(temporal: [Loop(dim: 2, factor: 8), Loop(dim: 3, factor: 2)]),
            LevelMapping(temporal: [Loop(dim: 0, factor: 4)],
                         spatial: [SpatialLoop(dim: 3, factor: 14, axis: .x), SpatialLoop(dim: 1, factor: 3, axis: .y)]),
            LevelMapping(),
        ])
        let (list, e, a) = try mapping("""
              DRAM: {temporal: [p: 8, q: 2]}
              GLB:  {temporal: [m: 4], spatial: [q: 14 x, c: 3 y]}
            """)
        #expect(list == expected)
        let (map, _, _) = try mapping("""
              DRAM: {temporal: {p: 8, q: 2}}
              GLB:  {temporal: {m: 4}, spatial: {q: 14 x, c: 3 y}}
              PE:   {}
            """)
        #expect(map == expected)
        let (block, _, _) = try mapping("""
              DRAM:
                temporal:
                  - p: 8
                  - q: 2
              GLB:
                temporal: [m: 4]
                spatial: [q: 14 x, c: 3 y]
            """)
        #expect(block == expected)
        #expect(list.oneLine(for: e, on: a) == "DRAM[p8 q2] GLB[m4 | q14x c3y]")
    }

    @Test func spatialAxisDefaultsToX() throws {
        let (m, _, _) = try mapping("""
              DRAM: {temporal: [p: 8, q: 2, c: 3]}
              GLB:  {spatial: [q: 14]}
              PE:   {temporal: [m: 4]}
            """)
        #expect(m.levels[1].spatial == [SpatialLoop(dim: 3, factor: 14, axis: .x)])
        #expect(m.levels[2].temporal == [Loop(dim: 0, factor: 4)])
    }

    @Test func mappingKeepForAnAutoLevel() throws {
        let (m, e, a) = try mapping("""
              DRAM: {temporal: [p: 8, q: 2]}
              GLB:  {temporal: [m: 4], spatial: [q: 14 x, c: 3 y], keep: [weights, I]}
            """)
        #expect(m.levels[1].keep == [.weights, .inputs])
        #expect(m.levels[0].keep == nil)
        let evaluation = CostModel.evaluate(e, on: a, mapping: m)
        #expect(evaluation.levels[1].tensors.map(\.role) == [.weights, .inputs])
        #expect(evaluation.levels[2].tensors.map(\.role) == [.weights, .inputs, .outputs])

        // Without a choice, the auto level keeps everything.
        let (all, _, _) = try mapping("""
              DRAM: {temporal: [p: 8, q: 2]}
              GLB:  {temporal: [m: 4], spatial: [q: 14 x, c: 3 y]}
            """)
        #expect(all.levels[1].keep == nil)
        #expect(CostModel.evaluate(e, on: a, mapping: all).levels[1].tensors.count == 3)
    }
}
