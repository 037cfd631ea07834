import DFSim
import DFSimSpec
import Foundation
import Testing

/// Inputs dfsim accepts but that are probably not what was meant (warnings), and the
/// misconfigurations that only show once the architecture meets its workload (docs/format.md §2.3,
/// §1.4, §2.8, §6). Every message is checked by its exact text and position.
@Suite("Spec warnings and binding checks")
struct WarningTests {
    // MARK: - Helpers

    /// The architecture parsed from `text` and its warnings.
    func archWarnings(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> (Architecture?, [Diagnostic]) {
        var warnings: [Diagnostic] = []
        do {
            let a = try ArchitectureSpec.parse(text: text, file: "arch.yaml", warnings: &warnings)
            return (a, warnings)
        } catch {
            Issue.record("unexpected error: \(error)", sourceLocation: sourceLocation)
            return (nil, warnings)
        }
    }

    func workloadWarnings(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> [Diagnostic] {
        var warnings: [Diagnostic] = []
        do {
            _ = try WorkloadSpec.parse(text: text, file: "net.yaml", warnings: &warnings)
        } catch {
            Issue.record("unexpected error: \(error)", sourceLocation: sourceLocation)
        }
        return warnings
    }

    func archError(_ text: String) -> [Diagnostic] {
        do {
            _ = try ArchitectureSpec.parse(text: text, file: "arch.yaml")
            Issue.record("expected a SpecError")
            return []
        } catch {
            return error.diagnostics
        }
    }

    func warning(_ line: Int, _ column: Int, _ message: String, hint: String? = nil, file: String = "arch.yaml") -> Diagnostic {
        Diagnostic(file: file, line: line, column: column, message: message, hint: hint, severity: .warning)
    }

    /// Writes `text` to a fresh temporary file named `name` and returns its path.
    func file(_ text: String, _ name: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dfsim-warning-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    static let net = """
        dfsim: 1
        layers:
          - name: fc
            einsum: O[m] += I[c] * W[m,c]
            dims: {m: 16, c: 16}
        """

    // MARK: - Diagnostics print their severity

    @Test func warningsPrintLikeErrors() {
        #expect(warning(3, 7, "a message", hint: "a hint").description == "arch.yaml:3:7: warning: a message\n  hint: a hint")
        #expect(Diagnostic(file: "a.yaml", line: 1, column: 2, message: "m").description == "a.yaml:1:2: error: m")
    }

    // MARK: - Sizes

    @Test func sizesWithAndWithoutASpace() throws {
        let (a, warnings) = archWarnings("""
            dfsim: 1
            levels:
              - {name: DRAM}
              - {name: A, size: 64KiB}
              - {name: B, size: 64 KiB}
              - {name: C, size: 2MiB}
              - {name: D, size: 512B, word_bits: 8}
              - {name: E, size: 1_024}
              - {name: F, size: 4096 words}
            """)
        #expect(a?.levels.map(\.sizeWords) == [nil, 32768, 32768, 1_048_576, 512, 1024, 4096])
        #expect(warnings.isEmpty)
    }

    @Test func decimalKilobytesWarn() {
        let (a, warnings) = archWarnings("""
            dfsim: 1
            levels:
              - {name: DRAM}
              - name: GLB
                size: 64KB
              - name: RF
                size: 2 MB
            """)
        #expect(a?.levels.map(\.sizeWords) == [nil, 32000, 1_000_000])
        #expect(warnings == [
            warning(5, 11, "'size' of GLB is '64KB': KB is decimal (1 KB = 1000 bytes), so this is 64000 bytes (32000 words of 16 bits)",
                    hint: "for 64 × 1024 bytes write '64 KiB'; write '64000 B' to mean decimal bytes without this warning"),
            warning(7, 11, "'size' of RF is '2 MB': MB is decimal (1 MB = 1000000 bytes), so this is 2000000 bytes (1000000 words of 16 bits)",
                    hint: "for 2 × 1048576 bytes write '2 MiB'; write '2000000 B' to mean decimal bytes without this warning"),
        ])
    }

    @Test func unknownUnitsListTheValidOnes() {
        let hint = "valid units: words, B, KiB, MiB, GiB, KB, MB, GB; a plain number is words (e.g. '108 KiB', '4096')"
        #expect(archError("""
            dfsim: 1
            levels:
              - {name: DRAM}
              - {name: GLB, size: 64kib}
              - {name: RF, size: 8 bytes}
              - {name: R2, size: big}
            """) == [
                Diagnostic(file: "arch.yaml", line: 4, column: 23, message: "unknown size unit 'kib' for GLB; did you mean 'KiB'?", hint: hint),
                Diagnostic(file: "arch.yaml", line: 5, column: 22, message: "unknown size unit 'bytes' for RF", hint: hint),
                Diagnostic(file: "arch.yaml", line: 6, column: 22, message: "'size' of R2 must be a number of words or a size like '108 KiB', got 'big'"),
            ])
    }

    // MARK: - keep entries, at load

    @Test func keepEntriesThatAreNoRoleWarnAtLoad() {
        let hint = "roles: inputs, weights, outputs; any other entry must name a tensor of the workload (e.g. I, W, O)"
        let (a, warnings) = archWarnings("""
            dfsim: 1
            levels:
              - {name: DRAM}
              - {name: GLB, size: 1024, keep: [wieghts, outputs]}
              - {name: RF, size: 64, keep: [psums, Q]}
              - {name: R2, size: 64, keep: [all]}
              - {name: R3, size: 64, keep: [in-puts]}
            """)
        #expect(a?.levels[1].keep == .only(["wieghts", "outputs"]))
        #expect(warnings == [
            warning(4, 36, "'keep' of GLB lists 'wieghts', which is no role; did you mean 'weights'?", hint: hint),
            warning(5, 33, "'keep' of RF lists 'psums', which is no role; did you mean 'outputs'?", hint: hint),
            warning(6, 33, "'keep' of R2 lists 'all', which is taken as a tensor name", hint: "write 'keep: all' without brackets"),
            warning(7, 33, "'keep' of R3 lists 'in-puts', which is no role; did you mean 'inputs'?", hint: hint),
        ])
    }

    // MARK: - keep entries, with the workload

    @Test func keepEntriesMustNameARoleOrATensorOnceTheWorkloadIsKnown() throws {
        let arch = try file("""
            dfsim: 1
            levels:
              - {name: DRAM}
              - {name: GLB, size: 1024, keep: [wieghts, outputs]}
              - {name: RF, size: 64, keep: [W, Q]}
            """, "arch.yaml")
        let netPath = try file(Self.net, "net.yaml")
        let network = try WorkloadSpec.load(netPath)
        let found = try SpecBinding.check(architecture: arch, dataflow: nil, workload: network, workloadFile: "net.yaml")
        let hint = "roles: inputs, weights, outputs; tensors of net.yaml: O, I, W"
        // The load warning for 'wieghts' gives way to the error at the same place; 'W' is a tensor.
        #expect(found == [
            Diagnostic(file: arch, line: 4, column: 36,
                       message: "'keep' of GLB lists 'wieghts', which is no role and no tensor of any layer of net.yaml; did you mean 'weights'?", hint: hint),
            Diagnostic(file: arch, line: 5, column: 36, message: "'keep' of RF lists 'Q', which is no role and no tensor of any layer of net.yaml", hint: hint),
        ])
    }

    @Test func keepEntriesNamingTensorsOfSomeLayerAreFine() throws {
        let arch = try file("""
            dfsim: 1
            levels:
              - {name: DRAM}
              - {name: GLB, size: 1024, keep: [Q, inputs]}
            """, "arch.yaml")
        let network = try WorkloadSpec.parse(text: """
            dfsim: 1
            layers:
              - {name: fc, linear: {in: 4, out: 4}}
              - name: scores
                einsum: S[i,j] += Q[i,d] * K[j,d]
                dims: {i: 4, j: 4, d: 8}
            """, file: "net.yaml")
        #expect(try SpecBinding.check(architecture: arch, dataflow: nil, workload: network, workloadFile: "net.yaml") == [])
    }

    // MARK: - Einsum roles from operand order

    @Test func operandOrderThatContradictsTheNamesWarns() {
        let hint = { (a: String, b: String) in
            "if '\(a)' holds the weights, add 'roles: {\(a): weights, \(b): inputs}' or swap the operands; spell out 'roles:' to keep this order"
        }
        let warnings = workloadWarnings("""
            dfsim: 1
            layers:
              - name: wx
                einsum: O[m] += W[m,c] * X[c]
                dims: {m: 4, c: 4}
              - name: ba
                einsum: "O[m,n] += B[k,n] * A[m,k]"
                dims: {m: 4, k: 4, n: 4}
              - name: named
                einsum: O[m] += W[m,c] * X[c]
                dims: {m: 4, c: 4}
                roles: {W: weights, X: inputs}
              - name: attention
                einsum: S[i,j] += Q[i,d] * K[j,d]
                dims: {i: 4, j: 4, d: 4}
              - name: plain
                einsum: O[m] += I[c] * W[m,c]
                dims: {m: 4, c: 4}
            """)
        #expect(warnings == [
            warning(4, 21, "einsum layer 'wx': 'W' is the first operand, so it becomes the inputs, and 'X' the weights (roles follow operand order)",
                    hint: hint("W", "X"), file: "net.yaml"),
            warning(7, 24, "einsum layer 'ba': 'B' is the first operand, so it becomes the inputs, and 'A' the weights (roles follow operand order)",
                    hint: hint("B", "A"), file: "net.yaml"),
        ])
    }

    // MARK: - Dataflow presets

    @Test func aPresetWhoseStationaryTensorNoPELevelKeepsWarns() {
        let (_, warnings) = archWarnings("""
            dfsim: 1
            dataflow: Weight-Stationary
            levels:
              - {name: DRAM}
              - {name: GLB, size: 1024}
              - name: RF
                spatial: {x: 4, y: 4}
                size: 64
                keep: [inputs, outputs]
            """)
        #expect(warnings == [
            warning(2, 11, "dataflow 'weight_stationary' keeps the weights stationary in the PEs, but no PE-local level (level 'RF') keeps weights; the preset only constrains loops",
                    hint: "add 'weights' to the 'keep:' of 'RF', or write 'keep: auto' there"),
        ])
    }

    @Test func aPresetWithoutAFanoutHasNoEffect() {
        let (_, warnings) = archWarnings("""
            dfsim: 1
            dataflow: os
            levels:
              - {name: DRAM}
              - {name: GLB, size: 1024}
            """)
        #expect(warnings == [
            warning(2, 11, "dataflow 'output_stationary' has no effect: the architecture has no spatial fan-out (PE array)",
                    hint: "a preset constrains the PE array and the levels inside it; give a level 'spatial: {x: …, y: …}'"),
        ])
    }

    @Test func aPresetGivenLaterIsCheckedWithTheWorkload() throws {
        let arch = try file("""
            dfsim: 1
            levels:
              - {name: DRAM}
              - {name: GLB, size: 1024}
              - name: PE
                spatial: {x: 4, y: 4}
                keep: []
              - {name: RF, size: 64, keep: [W]}
            """, "arch.yaml")
        let network = try WorkloadSpec.parse(text: Self.net, file: "net.yaml")
        // 'W' is the weights tensor: weight-stationary is fine, output-stationary keeps nothing still.
        #expect(try SpecBinding.check(architecture: arch, dataflow: .weightStationary, workload: network, workloadFile: "net.yaml") == [])
        #expect(try SpecBinding.check(architecture: arch, dataflow: .outputStationary, workload: network, workloadFile: "net.yaml") == [
            Diagnostic(file: arch, line: 5, column: 5,
                       message: "dataflow 'output_stationary' keeps the outputs stationary in the PEs, but no PE-local level (levels 'PE', 'RF') keeps outputs; the preset only constrains loops",
                       hint: "add 'outputs' to the 'keep:' of 'RF', or write 'keep: auto' there", severity: .warning),
        ])
    }

    @Test func dataflowNamesIgnoreCaseAndSeparators() {
        #expect(DataflowPreset(name: "Row-Stationary") == .rowStationary)
        #expect(DataflowPreset(name: "output stationary") == .outputStationary)
        #expect(DataflowPreset(name: "WS") == .weightStationary)
        #expect(DataflowPreset(name: "row-stationery") == nil)
        #expect(archError("""
            dfsim: 1
            dataflow: Row-Stationery
            levels:
              - {name: DRAM}
            """) == [Diagnostic(file: "arch.yaml", line: 2, column: 11, message: "unknown dataflow 'Row-Stationery'; did you mean 'row_stationary'?",
                                hint: "presets: weight_stationary, output_stationary, input_stationary, row_stationary, no_local_reuse (or ws, os, is, rs, nlr)")])
    }

    // MARK: - Other hints

    @Test func unknownComputeOpsListTheValidOnes() {
        #expect(archError("""
            dfsim: 1
            compute: {op: int_mul}
            levels:
              - {name: DRAM}
            """) == [Diagnostic(file: "arch.yaml", line: 2, column: 15, message: "unknown compute op 'int_mul'; did you mean 'int_mac'?",
                                hint: "compute ops: int_mac, fp_mac (integer or floating-point MAC)")])
    }

    @Test func tabsInTheIndentationAreNamed() {
        #expect(archError("dfsim: 1\nlevels:\n  - name: DRAM\n  \tkind: dram\n") == [
            Diagnostic(file: "arch.yaml", line: 4, column: 3, message: "YAML does not allow tabs for indentation; use spaces",
                       hint: "replace the tab at the start of line 4 with spaces"),
        ])
    }

    @Test func aWorkloadWhereAnArchitectureBelongsAsksAboutASwap() throws {
        let hint = "did you swap ARCH and WORKLOAD? the architecture comes first: dfsim run ARCH WORKLOAD"
        #expect(archError(Self.net) == [
            Diagnostic(file: "arch.yaml", line: 1, column: 1, message: "this file is a workload (it has 'layers:'), not an architecture", hint: hint),
        ])
        do {
            _ = try WorkloadSpec.parse(text: "dfsim: 1\nlevels:\n  - {name: DRAM}\n", file: "net.yaml")
            Issue.record("expected a SpecError")
        } catch {
            #expect(error.diagnostics == [
                Diagnostic(file: "net.yaml", line: 1, column: 1, message: "this file is an architecture (it has 'levels:'), not a workload", hint: hint),
            ])
        }
    }

    // MARK: - The outermost level too small

    @Test func anOutermostLevelTooSmallIsNamed() throws {
        let a = try ArchitectureSpec.parse(text: """
            dfsim: 1
            levels:
              - {name: DRAM, size: 100}
              - {name: RF, size: 64}
            """, file: "arch.yaml")
        let einsum = try #require(try WorkloadSpec.parse(text: Self.net, file: "net.yaml").layers.first?.einsum)
        let error = #expect(throws: MapperError.self) {
            try Mapper(mapspace: Mapspace(einsum: einsum, architecture: a)).search()
        }
        #expect(error?.message == "the mapspace is empty: the outermost level 'DRAM' holds 100 words, but the layer's tensors need 288 (outputs 16, inputs 16, weights 256)")
    }
}
