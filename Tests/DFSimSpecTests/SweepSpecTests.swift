import DFSim
import DFSimSpec
import Foundation
import Testing

/// Sweep files: grid expansion over architecture paths, base values, the fingerprint, and
/// diagnostics that point into the sweep file with the parameter named.
@Suite("Sweep files")
struct SweepSpecTests {
    static let architecture = """
        dfsim: 1
        name: tiny_arch
        clock_mhz: 500
        levels:
          - {name: DRAM, kind: dram}
          - {name: GLB, kind: sram, size: 1024, bandwidth: 8}
          - {name: RF, kind: regfile, size: 64, spatial: {x: 4, y: 4}}
        """

    static let workload = """
        dfsim: 1
        name: lin
        layers:
          - {name: fc, linear: {in: 8, out: 4}}
          - {name: fc2, linear: {in: 4, out: 4}}
        """

    /// A folder with `arch.yaml`, `lin.yaml` and the sweep as `sweep.yaml`; returns the sweep's path.
    func files(_ sweep: String, architecture: String = Self.architecture) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dfsim-sweep-spec-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try architecture.write(to: dir.appendingPathComponent("arch.yaml"), atomically: true, encoding: .utf8)
        try Self.workload.write(to: dir.appendingPathComponent("lin.yaml"), atomically: true, encoding: .utf8)
        let path = dir.appendingPathComponent("sweep.yaml").path
        try sweep.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func diagnostics(_ sweep: String) throws -> (path: String, diagnostics: [Diagnostic]) {
        let path = try files(sweep)
        do {
            _ = try SweepSpec.load(path)
            Issue.record("expected a SpecError")
            return (path, [])
        } catch {
            return (path, error.diagnostics)
        }
    }

    @Test func gridThenExplicitPointsWithBaseValues() throws {
        let plan = try SweepSpec.load(try files("""
            dfsim: 1
            arch: arch.yaml
            workloads: [lin.yaml]
            layers: [fc]
            objective: energy
            vary:
              levels.GLB.size: [256, 2 KiB]
              levels.RF.spatial.x: [2, 4]
              dataflow: [arch, ws]
            points:
              - {levels.GLB.bandwidth: 2, objective: latency}
            """))
        #expect(plan.name == "sweep")
        #expect(plan.parameters == ["levels.GLB.size", "levels.RF.spatial.x", "dataflow", "levels.GLB.bandwidth", "objective"])
        #expect(plan.points.count == 9)
        #expect(plan.points.map(\.point.id) == (0..<9).map { "p000\($0)" })
        #expect(plan.points[1].point.values == ["256", "2", "weight_stationary", "8", "energy"])
        #expect(plan.points[1].dataflow == .weightStationary)
        #expect(plan.points[0].dataflow == nil)
        #expect(plan.points[7].point.values == ["2 KiB", "4", "weight_stationary", "8", "energy"])
        #expect(plan.points[7].architecture.levels[1].sizeWords == 1024) // 2 KiB of 16-bit words
        #expect(plan.points[7].architecture.totalPEs == 16)
        #expect(plan.points[1].architecture.totalPEs == 8)
        // The explicit point: base values for the grid's parameters.
        #expect(plan.points[8].point.values == ["1024", "4", "arch", "2", "latency"])
        #expect(plan.points[8].objective == .latency)
        #expect(plan.points[8].architecture.levels[1].bandwidth.shared == 2)
        #expect(plan.objective == .energy)
        #expect(plan.workloads.map(\.name) == ["lin"])
        #expect(plan.workloads[0].layers.map(\.name) == ["fc"])
        #expect(Set(plan.points.map(\.point.key)).count == 9)
    }

    @Test func fingerprintIgnoresCommentsButNotValues() throws {
        let sweep = "dfsim: 1\narch: arch.yaml\nworkloads: [lin.yaml]\nvary: {levels.GLB.size: [256, 512]}\n"
        let a = try SweepSpec.load(try files(sweep)).fingerprint
        let b = try SweepSpec.load(try files(sweep, architecture: "# a comment\n" + Self.architecture)).fingerprint
        let c = try SweepSpec.load(try files(sweep.replacingOccurrences(of: "512", with: "768"))).fingerprint
        let d = try SweepSpec.load(try files(sweep, architecture: Self.architecture.replacingOccurrences(of: "500", with: "400"))).fingerprint
        #expect(a == b)
        #expect(a != c)
        #expect(a != d)
    }

    @Test func unknownPathsPointAtTheKeyWithASuggestion() throws {
        let (path, found) = try diagnostics("""
            dfsim: 1
            arch: arch.yaml
            workloads: [lin.yaml]
            vary:
              levels.GBL.size: [256]
              levels.GLB.sise: [1]
              clock_mhx: [100]
              levels.RF.spatial.z: [2]
              word_bits.x: [2]
            """)
        #expect(found == [
            Diagnostic(file: path, line: 5, column: 3, message: "unknown sweep parameter 'levels.GBL.size': the architecture has no level named 'GBL'; did you mean 'GLB'?",
                       hint: "levels: DRAM, GLB, RF"),
            Diagnostic(file: path, line: 6, column: 3, message: "unknown sweep parameter 'levels.GLB.sise': levels have no key 'sise'; did you mean 'size'?",
                       hint: "level keys: kind, size, keep, spatial, network, sharing, word_bits, bandwidth, read_bandwidth, write_bandwidth, read_energy, write_energy, update_energy, description"),
            Diagnostic(file: path, line: 7, column: 3, message: "unknown sweep parameter 'clock_mhx': the architecture has no key 'clock_mhx'; did you mean 'clock_mhz'?",
                       hint: "sweepable: name, description, energy_table, word_bits, clock_mhz, min_utilization, dataflow, compute.KEY, levels.LEVEL.KEY[.x|.y], constraints.LEVEL.temporal|spatial.KEY; and dataflow, objective, workload"),
            Diagnostic(file: path, line: 8, column: 3, message: "unknown sweep parameter 'levels.RF.spatial.z': 'spatial' has no key 'z'", hint: "spatial keys: x, y"),
            Diagnostic(file: path, line: 9, column: 3, message: "unknown sweep parameter 'word_bits.x': 'word_bits' takes a value, not sub-keys"),
        ])
    }

    @Test func badValuesAreReportedAtTheSweepValueNamingTheParameter() throws {
        let (path, found) = try diagnostics("""
            dfsim: 1
            arch: arch.yaml
            workloads: [lin.yaml]
            vary:
              levels.GLB.size: [1 KiB, 0]
              levels.RF.spatial.x: [2, two]
            """)
        #expect(found == [
            Diagnostic(file: path, line: 5, column: 28, message: "levels.GLB.size = 0: 'size' of GLB must be positive, got '0'"),
            Diagnostic(file: path, line: 6, column: 28, message: "levels.RF.spatial.x = two: 'spatial.x' of RF must be an integer, got 'two'"),
        ])
    }

    @Test func specialParametersAndWorkloadsAreChecked() throws {
        let (path, found) = try diagnostics("""
            dfsim: 1
            arch: arch.yaml
            workloads: [lin.yaml, missing.yaml]
            layers: [fc, fc9]
            vary:
              dataflow: [row_stationery]
              objective: [edp, edp]
            points:
              - {workload: lin.yaml}
            """)
        #expect(found.map { "\($0.line):\($0.column): \($0.message)" } == [
            "6:14: unknown dataflow 'row_stationery'; did you mean 'row_stationary'?",
            "7:20: the value 'edp' appears twice in 'objective'",
            "9:6: 'workload' cannot be set per point",
            "3:23: no such workload file 'missing.yaml'",
        ])
        #expect(found.allSatisfy { $0.file == path })
    }

    @Test func aProblemOutsideTheSweptValueNamesTheOverrides() throws {
        // A fan-out on the outermost level is wrong in the architecture, not in the value itself.
        let (_, found) = try diagnostics("""
            dfsim: 1
            arch: arch.yaml
            workloads: [lin.yaml]
            vary: {levels.DRAM.spatial.x: [2]}
            """)
        #expect(found.count == 1)
        #expect(found.first?.file.hasSuffix("arch.yaml") == true)
        #expect(found.first?.message == "the outermost level cannot open a fan-out (with levels.DRAM.spatial.x = 2)")
    }

    @Test func editsThroughThePublicLoader() throws {
        let sweep = try files("dfsim: 1\n")
        let arch = (sweep as NSString).deletingLastPathComponent + "/arch.yaml"
        let edited = try ArchitectureSpec.load(arch, edits: [
            ArchitectureEdit(path: "levels.GLB.size", value: "4 KiB", file: "--set"),
            ArchitectureEdit(path: "levels.RF.spatial", value: "{x: 2, y: 3}", file: "--set"),
            ArchitectureEdit(path: "clock_mhz", value: "250", file: "--set"),
        ])
        #expect(edited.levels[1].sizeWords == 2048)
        #expect(edited.totalPEs == 6)
        #expect(edited.clockMHz == 250)
        do {
            _ = try ArchitectureSpec.load(arch, edits: [ArchitectureEdit(path: "levels.GLB.size", value: "-3", file: "cmp.yaml", line: 4, column: 7),
                                                        ArchitectureEdit(path: "levels.PE.size", value: "3", file: "cmp.yaml", line: 5, column: 7)])
            Issue.record("expected a SpecError")
        } catch {
            #expect(error.diagnostics.map(\.description) == [
                "cmp.yaml:5:7: error: unknown architecture parameter 'levels.PE.size': the architecture has no level named 'PE'\n  hint: levels: DRAM, GLB, RF",
            ])
        }
        do {
            _ = try ArchitectureSpec.load(arch, edits: [ArchitectureEdit(path: "levels.GLB.size", value: "-3", file: "cmp.yaml", line: 4, column: 7)])
            Issue.record("expected a SpecError")
        } catch {
            #expect(error.diagnostics.map(\.description) == ["cmp.yaml:4:7: error: levels.GLB.size = -3: 'size' of GLB must be positive, got '-3'"])
        }
    }
}

/// `plot:` in a sweep file: the report's colour, line and Pareto choices, checked against the
/// sweep's parameters.
@Suite("Sweep plot choices")
struct SweepPlotSpecTests {
    let files = SweepSpecTests()

    @Test func plotNamesTheSweepsParametersAndObjectives() throws {
        let plan = try SweepSpec.load(try files.files("""
            dfsim: 1
            arch: arch.yaml
            workloads: [lin.yaml]
            vary:
              levels.GLB.size: [256, 512]
              levels.RF.spatial.x: [2, 4]
            plot: {color: levels.GLB.size, line: levels.RF.spatial.x, pareto: [energy, latency, pes]}
            """))
        #expect(plan.plot == SweepPlot(color: "levels.GLB.size", line: "levels.RF.spatial.x", pareto: ["energy", "latency", "pes"]))
        let without = try SweepSpec.load(try files.files("dfsim: 1\narch: arch.yaml\nworkloads: [lin.yaml]\nvary: {levels.GLB.size: [256, 512]}\n"))
        #expect(without.plot == nil)
        // The choice is presentation only: the fingerprint does not change with it.
        let plain = try SweepSpec.load(try files.files("dfsim: 1\narch: arch.yaml\nworkloads: [lin.yaml]\nvary: {levels.GLB.size: [256, 512]}\nplot: {color: levels.GLB.size}\n"))
        #expect(plain.fingerprint == without.fingerprint)
        #expect(plain.plot == SweepPlot(color: "levels.GLB.size"))
    }

    @Test func badPlotNamesArePointedAtWithASuggestion() throws {
        let (path, found) = try files.diagnostics("""
            dfsim: 1
            arch: arch.yaml
            workloads: [lin.yaml]
            vary:
              levels.GLB.size: [256, 512]
              levels.RF.spatial.x: [2, 4]
            plot:
              color: levels.GLB.sise
              line: workload
              pareto: [enrgy, latency, latency]
              colour: x
            """)
        #expect(found == [
            Diagnostic(file: path, line: 11, column: 3, message: "unknown key 'colour' in 'plot'; did you mean 'color'?",
                       hint: "allowed keys: color, line, pareto"),
            Diagnostic(file: path, line: 8, column: 10, message: "plot.color: 'levels.GLB.sise' is not a parameter of the sweep; did you mean 'levels.GLB.size'?",
                       hint: "the sweep's parameters: levels.GLB.size, levels.RF.spatial.x"),
            Diagnostic(file: path, line: 9, column: 9, message: "plot.line: each workload gets its own charts, so 'workload' cannot draw lines",
                       hint: "the sweep's parameters: levels.GLB.size, levels.RF.spatial.x"),
            Diagnostic(file: path, line: 10, column: 12, message: "plot.pareto: unknown objective 'enrgy'; did you mean 'energy'?",
                       hint: "objectives: energy, latency, edp, onchip_words, pes"),
            Diagnostic(file: path, line: 10, column: 28, message: "plot.pareto: 'latency' appears twice"),
        ])
        let (_, single) = try files.diagnostics("dfsim: 1\narch: arch.yaml\nworkloads: [lin.yaml]\nvary: {levels.GLB.size: [256]}\nplot: {pareto: [edp]}\n")
        #expect(single.map { "\($0.line):\($0.column): \($0.message)" } == ["5:16: plot.pareto needs at least two objectives, got 1"])
    }
}
