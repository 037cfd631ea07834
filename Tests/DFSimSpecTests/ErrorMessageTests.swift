import DFSim
import DFSimSpec
import Testing

/// Bad inputs through the public parsers: each must throw a ``SpecError`` whose diagnostics name
/// the file, line and column exactly, with a clear message (docs/format.md §6). Nothing may trap.
@Suite("Spec error messages")
struct ErrorMessageTests {
    // MARK: - Helpers

    /// The error `body` throws, or `nil` (recorded as a failure) if it succeeds.
    func specError<T>(_ body: () throws(SpecError) -> T, sourceLocation: SourceLocation = #_sourceLocation) -> SpecError? {
        do {
            _ = try body()
            Issue.record("expected a SpecError, but the input was accepted", sourceLocation: sourceLocation)
            return nil
        } catch {
            return error
        }
    }

    /// Expects exactly these diagnostics, in order.
    func expect(_ error: SpecError?, _ expected: [Diagnostic], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(error?.diagnostics == expected, sourceLocation: sourceLocation)
    }

    func arch(_ text: String) -> SpecError? {
        specError { () throws(SpecError) in try ArchitectureSpec.parse(text: text, file: "arch.yaml") }
    }

    func workload(_ text: String) -> SpecError? {
        specError { () throws(SpecError) in try WorkloadSpec.parse(text: text, file: "net.yaml") }
    }

    /// A two-level architecture like reference case-006: DRAM → GLB (1024 words) → 4×4 fan-out of RF (64 words).
    static let architectureText = """
        dfsim: 1
        name: two_level
        levels:
          - name: DRAM
            kind: dram
          - name: GLB
            kind: sram
            size: 1024
          - name: RF
            spatial: {x: 4, y: 4}
            kind: regfile
            size: 64
        """

    /// The einsum of reference case-006: a 3×1 convolution, 1344 MACs.
    static let workloadText = """
        dfsim: 1
        layers:
          - name: layer
            einsum: O[n,m,p,q] += I[n,c,p+r,q+s] * W[m,c,r,s]
            dims: {n: 1, m: 4, c: 7, p: 8, q: 2, r: 1, s: 3}
        """

    func mapping(_ text: String) throws -> SpecError? {
        let architecture = try ArchitectureSpec.parse(text: Self.architectureText, file: "arch.yaml")
        let einsum = try #require(try WorkloadSpec.parse(text: Self.workloadText, file: "net.yaml").layers.first?.einsum)
        return specError { () throws(SpecError) in
            try MappingSpec.parse(text: text, file: "map.yaml", einsum: einsum, architecture: architecture)
        }
    }

    // MARK: - The fixtures themselves are valid

    @Test func fixturesParse() throws {
        let architecture = try ArchitectureSpec.parse(text: Self.architectureText, file: "arch.yaml")
        #expect(architecture.levels.map(\.name) == ["DRAM", "GLB", "RF"])
        let network = try WorkloadSpec.parse(text: Self.workloadText, file: "net.yaml")
        let einsum = try #require(network.layers.first?.einsum)
        #expect(einsum.macs == 1344)
        let good = """
            dfsim: 1
            mapping:
              DRAM:  {temporal: [q: 2, p: 2]}
              GLB:   {temporal: [p: 2, c: 7, s: 3, m: 2]}
              RF:    {temporal: [p: 2, m: 2]}
            """
        let parsed = try MappingSpec.parse(text: good, file: "map.yaml", einsum: einsum, architecture: architecture)
        #expect(parsed.levels.count == 3)
    }

    // MARK: - Architectures

    @Test func unknownKeySuggestsSize() {
        let error = arch("""
            dfsim: 1
            levels:
              - name: DRAM
              - name: GLB
                sise: 1024
            """)
        expect(error, [Diagnostic(
            file: "arch.yaml", line: 5, column: 5,
            message: "unknown key 'sise' in level 2; did you mean 'size'?",
            hint: "allowed keys: name, kind, size, keep, spatial, network, sharing, word_bits, bandwidth, read_bandwidth, write_bandwidth, read_energy, write_energy, update_energy, description")])
        // One typo, one diagnostic: no follow-up "needs a 'size'".
        #expect(error?.description == """
            arch.yaml:5:5: error: unknown key 'sise' in level 2; did you mean 'size'?
              hint: allowed keys: name, kind, size, keep, spatial, network, sharing, word_bits, bandwidth, read_bandwidth, write_bandwidth, read_energy, write_energy, update_energy, description
            """)
    }

    @Test func unknownKeySuggestsKeep() {
        let error = arch("""
            dfsim: 1
            levels:
              - name: DRAM
              - name: GLB
                size: 1024
                kepp: [inputs, outputs]
            """)
        #expect(error?.diagnostics.count == 1)
        #expect(error?.diagnostics.first?.description.hasPrefix(
            "arch.yaml:6:5: error: unknown key 'kepp' in level 2; did you mean 'keep'?\n  hint: allowed keys: ") == true)
    }

    @Test func stringWhereAnIntegerIsExpected() {
        expect(arch("""
            dfsim: 1
            word_bits: sixteen
            levels:
              - name: DRAM
            """), [Diagnostic(file: "arch.yaml", line: 2, column: 12, message: "'word_bits' must be an integer, got 'sixteen'")])
    }

    @Test func zeroAndNegativeSizesAndFanouts() {
        expect(arch("""
            dfsim: 1
            levels:
              - name: DRAM
              - name: GLB
                size: 0
              - name: RF
                size: -4
                spatial: {x: 0, y: -2}
            """), [
                Diagnostic(file: "arch.yaml", line: 5, column: 11, message: "'size' of GLB must be positive, got '0'"),
                Diagnostic(file: "arch.yaml", line: 7, column: 11, message: "'size' of RF must be positive, got '-4'"),
                Diagnostic(file: "arch.yaml", line: 8, column: 18, message: "'spatial.x' of RF must be at least 1, got 0"),
                Diagnostic(file: "arch.yaml", line: 8, column: 24, message: "'spatial.y' of RF must be at least 1, got -2"),
            ])
    }

    @Test func sizeWithAnUnknownUnit() {
        expect(arch("""
            dfsim: 1
            levels:
              - name: DRAM
              - name: GLB
                size: 108 KiBs
            """), [Diagnostic(file: "arch.yaml", line: 5, column: 11,
                              message: "unknown size unit 'KiBs' for GLB; did you mean 'KiB'?",
                              hint: "valid units: words, B, KiB, MiB, GiB, KB, MB, GB; a plain number is words (e.g. '108 KiB', '4096')")])
    }

    @Test func sizeThatIsNotAWholeNumberOfWords() {
        expect(arch("""
            dfsim: 1
            levels:
              - name: DRAM
              - name: RF
                size: 1.5
            """), [Diagnostic(file: "arch.yaml", line: 5, column: 11,
                              message: "'size' of RF must be a whole number of 16-bit words, got '1.5'")])
    }

    @Test func hugeSizesAreRejectedNotTrapped() {
        // `inf` and `1e30` used to trap converting to Int.
        expect(arch("""
            dfsim: 1
            levels:
              - name: DRAM
              - name: GLB
                size: inf
              - name: RF
                size: 1e30
            """), [
                Diagnostic(file: "arch.yaml", line: 5, column: 11, message: "'size' of GLB must be at most 281474976710656 words, got 'inf'"),
                Diagnostic(file: "arch.yaml", line: 7, column: 11, message: "'size' of RF must be at most 281474976710656 words, got '1e30'"),
            ])
    }

    @Test func hugeFanoutsAreRejectedNotTrapped() {
        expect(arch("""
            dfsim: 1
            levels:
              - name: DRAM
              - name: GLB
                size: 64
                spatial: {x: 16777216, y: 16777216}
              - name: RF
                size: 4
                spatial: {x: 16777217, y: 2}
              - name: Acc
                size: 4
                spatial: {x: 2, y: 2}
            """), [
                Diagnostic(file: "arch.yaml", line: 9, column: 18, message: "'spatial.x' of RF must be at most 16777216, got 16777217"),
                Diagnostic(file: "arch.yaml", line: 10, column: 5, message: "the fan-outs multiply to 2.25e+15 compute instances; dfsim handles at most 281474976710656"),
            ])
    }

    @Test func missingRequiredKey() {
        expect(arch("""
            dfsim: 1
            name: no_levels
            """), [Diagnostic(file: "arch.yaml", line: 1, column: 1, message: "the architecture is missing the required key 'levels'")])
    }

    @Test func levelWithoutSize() {
        expect(arch("""
            dfsim: 1
            levels:
              - name: DRAM
              - name: GLB
                kind: sram
            """), [Diagnostic(file: "arch.yaml", line: 4, column: 5,
                              message: "level 'GLB' needs a 'size' (words, or with a unit like '108 KiB')",
                              hint: "only a level that keeps nothing ('keep: []', e.g. one that just opens a PE array) may omit it")])
    }

    @Test func unsupportedVersion() {
        expect(arch("""
            dfsim: 2
            levels:
              - name: DRAM
            """), [Diagnostic(file: "arch.yaml", line: 1, column: 8, message: "unsupported format version '2'; this dfsim reads 'dfsim: 1'")])
    }

    @Test func quotedVersionOneIsAccepted() throws {
        // `dfsim: "1"` used to say "unsupported format version '1'; this dfsim reads 'dfsim: 1'".
        let architecture = try ArchitectureSpec.parse(text: "dfsim: \"1\"\nlevels:\n  - name: DRAM\n", file: "arch.yaml")
        #expect(architecture.levels.count == 1)
    }

    @Test func yamlSyntaxError() {
        expect(arch("""
            dfsim: 1
            levels: [
              - name: DRAM
            """), [Diagnostic(file: "arch.yaml", line: 3, column: 3,
                              message: "invalid YAML: while parsing a flow node did not find expected node content")])
    }

    @Test func duplicateKeyPointsAtTheRepeat() {
        expect(arch("""
            dfsim: 1
            levels:
              - name: DRAM
              - name: GLB
                size: 12
                kind: sram
                size: 14
            """), [Diagnostic(file: "arch.yaml", line: 7, column: 5, message: "the key 'size' appears twice in the same mapping",
                              hint: "each key may appear once; remove or merge the repeated one")])
    }

    @Test func emptyFile() {
        expect(arch(""), [Diagnostic(file: "arch.yaml", line: 1, column: 1, message: "the file is empty", hint: "a spec starts with 'dfsim: 1'")])
    }

    @Test func unknownMemoryKind() {
        expect(arch("""
            dfsim: 1
            levels:
              - name: DRAM
              - name: GLB
                kind: sarm
                size: 64
            """), [Diagnostic(file: "arch.yaml", line: 5, column: 11, message: "unknown kind 'sarm' for level 'GLB'; did you mean 'sram'?",
                              hint: "kinds: dram, sram, regfile")])
    }

    // MARK: - Workloads

    @Test func unknownDimPointsInsideTheEinsum() {
        // Column 28 is the 'x' in I[c,x]; a one-letter name gets no arbitrary one-letter suggestion.
        expect(workload("""
            dfsim: 1
            layers:
              - name: l
                einsum: "O[m,p] += I[c,x] * W[m,c]"
                dims: {m: 4, c: 3, p: 5}
            """), [Diagnostic(file: "net.yaml", line: 4, column: 28, message: "unknown dim 'x' in tensor 'I'",
                              hint: "declare it under 'dims:' with its bound")])
    }

    @Test func unknownDimWithSuggestion() {
        expect(workload("""
            dfsim: 1
            layers:
              - name: l
                einsum: O[mm] += I[cc] * W[mm,cx]
                dims: {mm: 4, cc: 3}
            """), [Diagnostic(file: "net.yaml", line: 4, column: 35, message: "unknown dim 'cx' in tensor 'W'; did you mean 'cc'?",
                              hint: "declare it under 'dims:' with its bound")])
    }

    @Test func nonAffineIndex() {
        expect(workload("""
            dfsim: 1
            layers:
              - name: l
                einsum: O[m,p] += I[c,p*r] * W[m,c,r]
                dims: {m: 4, c: 3, p: 5, r: 3}
            """), [Diagnostic(file: "net.yaml", line: 4, column: 27, message: "index expression 'p*r' is not affine: it multiplies two dims",
                              hint: "an index is a sum of dims with integer coefficients, e.g. 2*p + r")])
    }

    @Test func einsumWithoutPlusEquals() {
        expect(workload("""
            dfsim: 1
            layers:
              - name: l
                einsum: O[m,p] = I[c,p] * W[m,c]
                dims: {m: 4, c: 3, p: 5}
            """), [Diagnostic(file: "net.yaml", line: 4, column: 20, message: "expected '+=' after the output tensor, found '='",
                              hint: "write e.g. O[m,p] += I[c,p] * W[m,c]")])
    }

    @Test func unclosedIndexList() {
        expect(workload("""
            dfsim: 1
            layers:
              - name: l
                einsum: "O[m] += I[c] * W[m,c"
                dims: {m: 4, c: 3}
            """), [Diagnostic(file: "net.yaml", line: 4, column: 34, message: "expected ',' or ']' in the indices of 'W'")])
    }

    @Test func einsumInABlockScalarIsReportedAtTheScalar() {
        // The text is not on the 'einsum:' line; the column cannot point inside it, so it points at the scalar.
        expect(workload("""
            dfsim: 1
            layers:
              - name: l
                einsum: >
                  O[m] += I[c] * W[m,z]
                dims: {m: 4, c: 3}
            """), [Diagnostic(file: "net.yaml", line: 4, column: 13, message: "unknown dim 'z' in tensor 'W'",
                              hint: "declare it under 'dims:' with its bound")])
    }

    @Test func declaredButUnusedDim() {
        expect(workload("""
            dfsim: 1
            layers:
              - name: l
                einsum: O[m] += I[c] * W[m,c]
                dims: {m: 4, c: 3, k: 7}
            """), [Diagnostic(file: "net.yaml", line: 5, column: 24, message: "dim 'k' is declared but no tensor uses it",
                              hint: "remove it or use it in an index")])
    }

    @Test func zeroAndNegativeBounds() {
        expect(workload("""
            dfsim: 1
            layers:
              - name: l
                einsum: O[m] += I[c] * W[m,c]
                dims: {m: 0, c: -3}
            """), [
                Diagnostic(file: "net.yaml", line: 5, column: 15, message: "the bound of dim 'm' must be at least 1, got 0"),
                Diagnostic(file: "net.yaml", line: 5, column: 21, message: "the bound of dim 'c' must be at least 1, got -3"),
            ])
    }

    @Test func unknownRole() {
        expect(workload("""
            dfsim: 1
            layers:
              - name: l
                einsum: O[m] += I[c] * W[m,c]
                dims: {m: 4, c: 3}
                roles: {I: weigths, W: inputs}
            """), [Diagnostic(file: "net.yaml", line: 6, column: 16, message: "unknown role 'weigths'; did you mean 'weights'?",
                              hint: "roles are inputs, weights, outputs")])
    }

    @Test func emptyWorkload() {
        expect(workload("""
            dfsim: 1
            layers: []
            """), [Diagnostic(file: "net.yaml", line: 2, column: 9, message: "'layers' must be a non-empty list of layers",
                              hint: "an empty workload has nothing to evaluate; add e.g. '- {name: fc, linear: {in: 64, out: 10}}'")])
    }

    @Test func missingVersion() {
        expect(workload("""
            layers:
              - name: fc
                linear: {in: 10, out: 5}
            """), [Diagnostic(file: "net.yaml", line: 1, column: 1, message: "the workload is missing the required key 'dfsim'")])
    }

    @Test func misspelledShorthandGivesOneDiagnostic() {
        let error = workload("""
            dfsim: 1
            layers:
              - name: fc
                linaer: {in: 10, out: 5}
            """)
        #expect(error?.description == """
            net.yaml:4:5: error: unknown key 'linaer' in layer 1; did you mean 'linear'?
              hint: allowed keys: name, einsum, dims, roles, parameters, conv2d, linear, matmul, bmm, maxpool, avgpool, description
            """)
    }

    @Test func errorsInOneLayerDoNotCascade() {
        // conv2 takes its input from conv1, which has an error: no second "has no input shape".
        expect(workload("""
            dfsim: 1
            batch: two
            layers:
              - name: conv1
                conv2d: {in: [3, 32, 32], out: 0, kernel: 3}
              - name: conv2
                conv2d: {out: 8, kernel: 3}
              - name: fc
                linear: {in: 10, out: "many"}
            """), [
                Diagnostic(file: "net.yaml", line: 2, column: 8, message: "'batch' must be an integer, got 'two'"),
                Diagnostic(file: "net.yaml", line: 5, column: 36, message: "'out' must be at least 1, got 0"),
                Diagnostic(file: "net.yaml", line: 9, column: 27, message: "'out' must be an integer, got 'many'"),
            ])
    }

    @Test func firstLayerWithoutInputShape() {
        expect(workload("""
            dfsim: 1
            layers:
              - name: conv1
                conv2d: {out: 8, kernel: 3}
            """), [Diagnostic(file: "net.yaml", line: 4, column: 5, message: "layer 'conv1' has no input shape",
                              hint: "the first layer needs 'in: [C, H, W]' (or 'in: features')")])
    }

    @Test func kernelLargerThanTheInput() {
        expect(workload("""
            dfsim: 1
            layers:
              - name: conv1
                conv2d: {in: [3, 8, 8], out: 8, kernel: 11}
            """), [Diagnostic(file: "net.yaml", line: 4, column: 13,
                              message: "layer 'conv1': the 11x11 kernel (dilation 1) does not fit the 8x8 input with pad 0")])
    }

    @Test func hugeNumbersAreRejectedNotTrapped() {
        // Each of these used to trap on integer overflow while building the layer.
        expect(workload("""
            dfsim: 1
            layers:
              - name: a
                einsum: O[m] += I[c] * W[m,c]
                dims: {m: 4611686018427387904, c: 99999999999999999999}
              - name: b
                einsum: O[m] += I[9999999999999999999*c] * W[m,c]
                dims: {m: 4, c: 3}
              - name: c
                einsum: O[m] += I[c] * W[m,c]
                dims: {m: 100000000, c: 100000000}
              - name: d
                linear: {in: [100000000, 100000], out: 100000}
            """), [
                Diagnostic(file: "net.yaml", line: 5, column: 15, message: "the bound of dim 'm' must be at most 281474976710656, got 4611686018427387904"),
                Diagnostic(file: "net.yaml", line: 5, column: 39, message: "the bound of dim 'c' must be at most 281474976710656, got 99999999999999999999"),
                Diagnostic(file: "net.yaml", line: 7, column: 23, message: "the number 9999999999999999999 is too large for an index; at most 281474976710656"),
                Diagnostic(file: "net.yaml", line: 11, column: 11, message: "einsum layer 'c' is too large (1e+16 MACs); dfsim handles at most 281474976710656"),
                Diagnostic(file: "net.yaml", line: 13, column: 13, message: "layer 'd' is too large (about 1e+18 MACs or words); dfsim handles at most 281474976710656"),
            ])
    }

    // MARK: - Mappings

    @Test func unknownLevelSuggestsTheClosest() throws {
        expect(try mapping("""
            dfsim: 1
            mapping:
              DRAM:  {temporal: [q: 2, p: 2]}
              GBL:   {temporal: [p: 2, c: 7, s: 3, m: 2]}
              RF:    {temporal: [p: 2, m: 2]}
            """), [Diagnostic(file: "map.yaml", line: 4, column: 3, message: "the architecture has no level 'GBL'; did you mean 'GLB'?",
                              hint: "levels: DRAM, GLB, RF")])
    }

    @Test func unknownDimInAMapping() throws {
        expect(try mapping("""
            dfsim: 1
            mapping:
              DRAM:  {temporal: [q: 2, p: 2]}
              GLB:   {temporal: [p: 2, c: 7, s: 3, mm: 2]}
              RF:    {temporal: [p: 2, m: 2]}
            """), [Diagnostic(file: "map.yaml", line: 4, column: 40, message: "unknown dim 'mm' in the loops of GLB; did you mean 'm'?",
                              hint: "the layer's dims are n, m, c, p, q, r, s")])
    }

    @Test func factorsThatDoNotMultiplyToTheBound() throws {
        expect(try mapping("""
            dfsim: 1
            mapping:
              DRAM:  {temporal: [q: 2, p: 2]}
              GLB:   {temporal: [p: 2, c: 7, s: 3, m: 2]}
              RF:    {temporal: [p: 4, m: 2]}
            """), [Diagnostic(file: "map.yaml", line: 2, column: 1,
                              message: "factors of 'p' multiply to 16, expected 8 (2 at DRAM, 2 at GLB, 4 at RF)")])
    }

    @Test func missingFactorGetsAHint() throws {
        expect(try mapping("""
            dfsim: 1
            mapping:
              DRAM:  {temporal: [q: 2, p: 2]}
              GLB:   {temporal: [p: 2, c: 7, s: 3, m: 2]}
              RF:    {temporal: [p: 2]}
            """), [Diagnostic(file: "map.yaml", line: 2, column: 1, message: "factors of 'm' multiply to 2, expected 4 (2 at GLB)",
                              hint: "add a loop 'm: 2' at some level")])
    }

    @Test func hugeFactorsAreRejectedNotTrapped() throws {
        // The product of these factors used to overflow inside validation.
        expect(try mapping("""
            dfsim: 1
            mapping:
              DRAM:  {temporal: [q: 2, p: 4611686018427387904, p: 4, m: 4, c: 7, s: 3]}
            """), [Diagnostic(file: "map.yaml", line: 2, column: 1, message: "factors of 'p' multiply to 1.84e+19, expected 8")])
    }

    @Test func spatialLoopsExceedTheFanoutX() throws {
        expect(try mapping("""
            dfsim: 1
            mapping:
              DRAM:  {temporal: [q: 2, m: 4]}
              GLB:   {temporal: [c: 7, s: 3], spatial: [p: 8 x]}
            """), [Diagnostic(file: "map.yaml", line: 4, column: 3,
                              message: "spatial x loops below GLB use 8 instances (p 8), but RF's fan-out has x = 4")])
    }

    @Test func spatialLoopsExceedTheFanoutY() throws {
        expect(try mapping("""
            dfsim: 1
            mapping:
              DRAM:  {temporal: [q: 2, p: 2]}
              GLB:   {temporal: [p: 4, s: 3], spatial: [c: 7 y, m: 4 x]}
            """), [Diagnostic(file: "map.yaml", line: 4, column: 3,
                              message: "spatial y loops below GLB use 7 instances (c 7), but RF's fan-out has y = 4")])
    }

    @Test func tileThatDoesNotFitTheCapacity() throws {
        expect(try mapping("""
            dfsim: 1
            mapping:
              DRAM:  {temporal: [q: 2, p: 2]}
              GLB:   {temporal: [p: 2, m: 2]}
              RF:    {temporal: [p: 2, c: 7, s: 3, m: 2]}
            """), [Diagnostic(file: "map.yaml", line: 5, column: 3, message: "tiles at RF need 88 words (O: 4, I: 42, W: 42), but it holds 64",
                              hint: "move loops from RF (or the levels below it) to a level above")])
    }

    @Test func spatialLoopsWithoutAFanoutBelow() throws {
        let hint = "spatial loops go on the level just above a level that declares 'spatial: {x: …, y: …}'"
        expect(try mapping("""
            dfsim: 1
            mapping:
              DRAM:  {temporal: [q: 2, p: 2], spatial: [m: 2 x]}
              GLB:   {temporal: [p: 2, c: 7, s: 3, m: 2]}
              RF:    {temporal: [p: 2], spatial: [m: 1 y]}
            """), [
                Diagnostic(file: "map.yaml", line: 3, column: 3, message: "DRAM has spatial loops, but no fan-out starts below it", hint: hint),
                Diagnostic(file: "map.yaml", line: 5, column: 3, message: "RF has spatial loops, but no fan-out starts below it", hint: hint),
            ])
    }

    @Test func malformedLoops() throws {
        expect(try mapping("""
            dfsim: 1
            mapping:
              DRAM:  {temporal: [q: 2, p: 0]}
              GLB:   {temporal: [p: two, c: 7, s: 3, m: 2], spatial: [p: 2 z]}
              RF:    {temporal: [p: 2 x]}
            """), [
                Diagnostic(file: "map.yaml", line: 3, column: 31, message: "the factor of 'p' at DRAM must be at least 1, got 0"),
                Diagnostic(file: "map.yaml", line: 4, column: 25, message: "the factor of 'p' at GLB must be an integer, got 'two'"),
                Diagnostic(file: "map.yaml", line: 4, column: 62, message: "spatial axis must be 'x' or 'y', got 'z'"),
                Diagnostic(file: "map.yaml", line: 5, column: 25, message: "a temporal loop is 'dim: factor', got '2 x'"),
            ])
    }

    @Test func unknownKeyInALevelOfTheMapping() throws {
        expect(try mapping("""
            dfsim: 1
            mapping:
              DRAM:  {temporal: [q: 2, p: 2, m: 4, c: 7, s: 3, p: 4]}
              GLB:   {kepp: [inputs]}
            """), [Diagnostic(file: "map.yaml", line: 4, column: 11, message: "unknown key 'kepp' in the mapping of GLB; did you mean 'keep'?",
                              hint: "allowed keys: temporal, spatial, keep")])
    }

    @Test func mappingVersionAndMissingBody() throws {
        expect(try mapping("dfsim: 3\n"), [
            Diagnostic(file: "map.yaml", line: 1, column: 1, message: "the mapping file is missing the required key 'mapping'"),
            Diagnostic(file: "map.yaml", line: 1, column: 8, message: "unsupported format version '3'; this dfsim reads 'dfsim: 1'"),
        ])
    }
}
