import DFSim
import DFSimSpec
import DFSimTimeloop
import Foundation
import Testing

/// What cannot be translated is an error at the Timeloop file's line and column, naming the key,
/// with the exact texts below; a small design that can be translated serves as the base.
@Suite struct ImportErrorTests {
    static let arch = """
        architecture:
          version: '0.4'
          subtree:
          - name: system
            local:
            - name: DRAM[1..1]
              class: DRAM
              attributes: {width: 16, datawidth: 16, block-size: 1}
            - name: GLB[1..1]
              class: smartbuffer_SRAM
              attributes: {width: 16, datawidth: 16, depth: 1024}
            - name: RF[1..4]
              class: smartbuffer_RF
              attributes: {width: 16, datawidth: 16, depth: 64, meshX: 2, meshY: 2}
            - name: mac[1..4]
              class: intmac
              attributes: {datawidth: 16, meshX: 2, meshY: 2}

        """
    static let problem = """
        problem:
          version: '0.4'
          shape:
            name: fc
            dimensions: [C, M, N]
            data-spaces:
            - name: Weights
              projection: [[[C]], [[M]]]
            - name: Inputs
              projection: [[[N]], [[C]]]
            - name: Outputs
              projection: [[[N]], [[M]]]
              read-write: true
          instance: {C: 4, M: 6, N: 2}

        """
    static let mapping = """
        mapping:
        - {target: DRAM, type: temporal, factors: C1 M3 N1, permutation: MCN}
        - {target: GLB, type: temporal, factors: C4 M1 N1, permutation: CMN}
        - {target: GLB, type: spatial, factors: C1 M2 N2, permutation: MNC, split: 1}
        - {target: RF, type: temporal, factors: C1 M1 N1, permutation: CMN}

        """
    static let ert = """
        ERT:
          version: '0.4'
          tables:
          - name: system.DRAM[1..1]
            actions:
            - {name: read, energy: 200.0}
            - {name: write, energy: 220.0}
            - {name: update, energy: 220.0}
          - name: system.GLB[1..1]
            actions:
            - {name: read, energy: 6.1}
            - {name: write, energy: 6.3}
          - name: system.RF[1..4]
            actions:
            - {name: read, energy: 1.1}
            - {name: write, energy: 1.2}
          - name: system.mac[1..4]
            actions:
            - {name: compute, energy: 1.0}

        """

    /// Imports the base design with some files replaced; the folder's file names are `A`, `P`, `M`, `E`.
    func run(arch: String = arch, problem: String = problem, mapping: String? = mapping, ert: String? = ert) throws -> Result<TimeloopImport, SpecError> {
        let folder = try TemporaryFolder()
        let inputs = TimeloopImport.Inputs(
            architecture: try folder.write("A", arch), problem: try folder.write("P", problem),
            mapping: try mapping.map { try folder.write("M", $0) }, energyTable: try ert.map { try folder.write("E", $0) }, name: "small")
        do {
            return .success(try TimeloopImport.translate(inputs, directory: "out"))
        } catch {
            // Report positions without the temporary folder.
            return .failure(SpecError(error.diagnostics.map { d in
                var d = d
                d.file = URL(fileURLWithPath: d.file).lastPathComponent
                return d
            }))
        }
    }

    func errors(arch: String = arch, problem: String = problem, mapping: String? = mapping, ert: String? = ert) throws -> [String] {
        switch try run(arch: arch, problem: problem, mapping: mapping, ert: ert) {
        case .success: return []
        case .failure(let e): return e.diagnostics.map(\.description)
        }
    }

    @Test func baseDesignTranslates() throws {
        let imported = try run().get()
        let (arch, workload, einsum, mapping) = try imported.parsed()
        #expect(arch.levels.map(\.name) == ["DRAM", "GLB", "RF"])
        #expect(arch.totalPEs == 4)
        #expect(einsum.description == "Outputs[n,m] += Inputs[n,c] * Weights[c,m]")
        #expect(workload.name == "small")
        #expect(imported.mappingYAML?.contains("\"GLB\": {temporal: [c: 4], spatial: [n: 2 y, m: 2 x]}") == true)
        let e = CostModel.evaluate(einsum, on: arch, mapping: try #require(mapping))
        #expect(e.macs == 48 && e.computeCycles == 12)
        // GLB update energy: the ERT has no 'update', so Timeloop (and the import) uses 'write'.
        #expect(arch.levels[1].updateEnergy == 6.3)
        let dramWeights = try #require(e.levels[0].tensors.first { $0.role == .weights })
        #expect(dramWeights.reads == 24)
    }

    @Test func componentWithoutERTEntry() throws {
        let ert = Self.ert.replacingOccurrences(of: """
              - name: system.RF[1..4]
                actions:
                - {name: read, energy: 1.1}
                - {name: write, energy: 1.2}

            """, with: "")
        #expect(try errors(ert: ert) == [
            "A:12:7: error: no energy for 'RF' in the ERT: the Accelergy component 'smartbuffer_RF' cannot be priced\n"
                + "  hint: give the ERT Accelergy generated for this architecture (its tables name every component)",
        ])
    }

    @Test func noEnergyTableAtAll() throws {
        #expect(try errors(ert: nil) == [
            "A:1:1: error: no energy reference table: give the ERT (--ert ERT.yaml) that Accelergy made for this design\n"
                + "  hint: dfsim does not run Accelergy; every storage and compute component needs its energies from an ERT",
        ])
    }

    @Test func sparseDensities() throws {
        let problem = Self.problem.replacingOccurrences(of: "{C: 4, M: 6, N: 2}", with: "{C: 4, M: 6, N: 2, densities: {Weights: 0.5}}")
        #expect(try errors(problem: problem) == [
            "P:14:32: error: 'densities' (sparse tensors) cannot be translated: dfsim models dense tensors only\n"
                + "  hint: remove 'densities' to model the dense layer",
        ])
    }

    @Test func sparseMetadataAttribute() throws {
        let arch = Self.arch.replacingOccurrences(of: "depth: 1024}", with: "depth: 1024, metadata_storage_depth: 64}")
        #expect(try errors(arch: arch) == [
            "A:11:59: error: 'metadata_storage_depth' of GLB (sparse or per-data-space modelling) cannot be translated: dfsim models dense tensors",
        ])
    }

    @Test func imperfectFactors() throws {
        let mapping = Self.mapping.replacingOccurrences(of: "factors: C1 M3 N1", with: "factors: C1 M4 N1")
        #expect(try errors(mapping: mapping) == [
            "M:2:1: error: the factors of 'M' multiply to 8 over all levels, but its bound is 6\n"
                + "  hint: a mapping's factors of each dimension must multiply to its bound exactly (imperfect factorizations cannot be translated)",
            "M:2:43: error: imperfect factor M=4 at DRAM: 4 does not divide the bound 6 of M\n"
                + "  hint: dfsim maps perfect factorizations only (docs/format.md §4.7)",
        ])
    }

    @Test func multipleBuffering() throws {
        let arch = Self.arch.replacingOccurrences(of: "depth: 1024}", with: "depth: 1024, multiple-buffering: 2}")
        #expect(try errors(arch: arch) == [
            "A:11:59: error: 'multiple-buffering: 2' of GLB cannot be translated: dfsim checks a tile against the whole size\n"
                + "  hint: remove it, or divide 'depth' by it yourself",
        ])
    }

    @Test func userDefinedNetwork() throws {
        let arch = Self.arch.replacingOccurrences(of: "    - name: mac[1..4]", with: """
                - name: noc
                  class: XY_NoC
                - name: mac[1..4]
            """)
        #expect(try errors(arch: arch) == [
            "A:16:14: error: 'noc' is a network of class 'XY_NoC': user-defined Timeloop networks cannot be translated\n"
                + "  hint: dfsim models each fan-out's network as multicast and spatial reduction (docs/format.md §4.2)",
        ])
    }

    @Test func fanoutBetweenStorageAndMACs() throws {
        let arch = Self.arch.replacingOccurrences(of: "name: mac[1..4]", with: "name: mac[1..8]")
            .replacingOccurrences(of: "{datawidth: 16, meshX: 2, meshY: 2}", with: "{datawidth: 16, meshX: 4, meshY: 2}")
        #expect(try errors(arch: arch) == [
            "A:15:7: error: 'mac' has 8 instances, but the innermost storage level 'RF' has 4\n"
                + "  hint: dfsim places one MAC under each instance of its innermost level; a fan-out between the last storage level and the MACs cannot be translated",
        ])
    }

    @Test func clusterWithoutMapping() throws {
        let arch = Self.arch.replacingOccurrences(of: "{width: 16, datawidth: 16, depth: 64, meshX: 2, meshY: 2}",
                                                  with: "{width: 64, datawidth: 16, cluster-size: 4, depth: 64, meshX: 2, meshY: 2}")
        #expect(try errors(arch: arch, mapping: nil) == [
            "A:14:60: error: cluster size 4 of RF: Timeloop's energy per access then depends on the mapping; give --mapping\n"
                + "  hint: without a mapping the per-word energy is unknown",
        ])
        // With the mapping it translates: 4 utilized instances in one cluster of 4 share each access.
        let imported = try run(arch: arch).get()
        let (parsed, _, _, _) = try imported.parsed()
        #expect(parsed.levels[2].readEnergy == 1.1 / 4)
    }

    @Test func unknownTargetAndDataSpace() throws {
        let mapping = Self.mapping + """
            - {target: RFF, type: temporal, factors: C1 M1 N1, permutation: CMN}
            - {target: GLB, type: bypass, keep: [Weights], bypass: [Psums]}

            """
        #expect(try errors(mapping: mapping) == [
            "M:6:12: error: 'RFF' is not a storage level of the architecture; did you mean 'RF'?\n  hint: levels: DRAM, GLB, RF",
            "M:7:56: error: 'Psums' is not a data-space of the problem\n  hint: data-spaces: Weights, Inputs, Outputs",
        ])
    }

    @Test func builtInShapeIsNotKnown() throws {
        let problem = """
            problem:
              shape: cnn-layer
              instance: {C: 4}

            """
        #expect(try errors(problem: problem) == [
            "P:2:10: error: 'shape' must be written out (dimensions, coefficients, data-spaces), got 'cnn-layer'\n"
                + "  hint: dfsim has no copy of Timeloop's built-in problem shapes; paste the shape's YAML here",
        ])
    }

    /// A problem that only dfsim's own checks find (a tile larger than a level) is reported in the
    /// file the import would write, and nothing is returned.
    @Test func capacityIsCheckedByDFSim() throws {
        let arch = Self.arch.replacingOccurrences(of: "depth: 64,", with: "depth: 1,")
        let found = try errors(arch: arch)
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("mapping.yaml:") == true, "\(found)")
        #expect(found.first?.contains("in the file 'dfsim import timeloop' would write from the Timeloop inputs (nothing was written)") == true)
    }

    @Test func missingFileAndBadYAML() throws {
        let folder = try TemporaryFolder()
        let bad = try folder.write("bad.yaml", "problem: [unclosed\n")
        let inputs = TimeloopImport.Inputs(architecture: folder.path + "/nothing.yaml", problem: bad)
        #expect(throws: SpecError.self) { try TimeloopImport.translate(inputs) }
        do {
            _ = try TimeloopImport.translate(inputs)
        } catch {
            #expect(error.diagnostics.map(\.message).first == "no such file: '\(folder.path)/nothing.yaml'")
            #expect(error.diagnostics.count == 2)
        }
    }
}
