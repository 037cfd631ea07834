import Foundation
import Testing

/// `dfsim check` and the spec warnings of the commands that load specs, end to end: warnings on
/// standard error with their position and hint, counted by `check`; the errors that need both the
/// architecture and the workload exit with code 2 before any search (docs/format.md §6).
@Suite("dfsim check and spec warnings")
struct CheckCLITests {
    let cli = CLITests()

    /// A two-level design with a decimal-kilobyte buffer and a misspelt role in its `keep:`.
    static let sloppyArchitecture = """
        dfsim: 1
        name: sloppy
        levels:
          - name: DRAM
            kind: dram
          - name: GLB
            size: 2KB
            keep: [wieghts, inputs, outputs]
          - name: RF
            spatial: {x: 2, y: 2}
            kind: regfile
            size: 16
        """

    static let workload = """
        dfsim: 1
        layers:
          - name: fc
            einsum: O[m] += I[c] * W[m,c]
            dims: {m: 4, c: 4}
        """

    static let sizeWarning = """
        :7:11: warning: 'size' of GLB is '2KB': KB is decimal (1 KB = 1000 bytes), so this is 2000 bytes (1000 words of 16 bits)
          hint: for 2 × 1024 bytes write '2 KiB'; write '2000 B' to mean decimal bytes without this warning
        """

    @Test
    func checkPrintsAndCountsWarnings() throws {
        let directory = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let arch = try cli.write(Self.sloppyArchitecture, to: "arch.yaml", in: directory)
        let result = try cli.run(["check", "--brief", arch])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout == "\(arch): ok\n")
        #expect(result.stderr == """
            \(arch)\(Self.sizeWarning)
            \(arch):8:12: warning: 'keep' of GLB lists 'wieghts', which is no role; did you mean 'weights'?
              hint: roles: inputs, weights, outputs; any other entry must name a tensor of the workload (e.g. I, W, O)
            2 warnings

            """)
    }

    @Test
    func checkAgainstAWorkloadTurnsAnUnknownKeepEntryIntoAnError() throws {
        let directory = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let arch = try cli.write(Self.sloppyArchitecture, to: "arch.yaml", in: directory)
        let net = try cli.write(Self.workload, to: "net.yaml", in: directory)
        let result = try cli.run(["check", arch, "--workload", net])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == """
            \(arch)\(Self.sizeWarning)
            \(arch):8:12: error: 'keep' of GLB lists 'wieghts', which is no role and no tensor of any layer of \(net); did you mean 'weights'?
              hint: roles: inputs, weights, outputs; tensors of \(net): O, I, W
            1 warning, 1 error

            """)
    }

    @Test
    func runStopsOnTheBindingErrorBeforeSearching() throws {
        let directory = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let arch = try cli.write(Self.sloppyArchitecture, to: "arch.yaml", in: directory)
        let net = try cli.write(Self.workload, to: "net.yaml", in: directory)
        let out = directory.appendingPathComponent("out").path
        let expected = """
            \(arch)\(Self.sizeWarning)
            \(arch):8:12: error: 'keep' of GLB lists 'wieghts', which is no role and no tensor of any layer of \(net); did you mean 'weights'?
              hint: roles: inputs, weights, outputs; tensors of \(net): O, I, W

            """
        let run = try cli.run(["run", arch, net, "--out", out])
        #expect(run.status == 2)
        #expect(run.stderr == expected)
        #expect(!FileManager.default.fileExists(atPath: out))
        // model and compare go through the same check (model before it reads the mapping).
        let model = try cli.run(["model", arch, net, "--mapping", directory.appendingPathComponent("none.yaml").path])
        #expect(model.status == 2)
        #expect(model.stderr == expected)
        let compare = try cli.run(["compare", arch, net, "--out", out])
        #expect(compare.status == 2)
        #expect(compare.stderr == expected)
    }

    @Test
    func runPrintsWarningsAndStillRuns() throws {
        let directory = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let arch = try cli.write(Self.sloppyArchitecture.replacingOccurrences(of: "wieghts", with: "weights"), to: "arch.yaml", in: directory)
        let net = try cli.write(Self.workload.replacingOccurrences(of: "I[c] * W[m,c]", with: "W[m,c] * X[c]"), to: "net.yaml", in: directory)
        let result = try cli.run(["run", arch, net, "--out", directory.appendingPathComponent("out").path, "--format", "csv"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.hasPrefix("layer,macs,"))
        // The warnings come first, before the search's progress lines.
        #expect(result.stderr.hasPrefix("""
            \(net):4:21: warning: einsum layer 'fc': 'W' is the first operand, so it becomes the inputs, and 'X' the weights (roles follow operand order)
              hint: if 'W' holds the weights, add 'roles: {W: weights, X: inputs}' or swap the operands; spell out 'roles:' to keep this order
            \(arch)\(Self.sizeWarning)

            """), "stderr: \(result.stderr)")
    }

    @Test
    func swappedArchitectureAndWorkload() throws {
        let directory = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let arch = try cli.write(CLITests.goodArchitecture, to: "arch.yaml", in: directory)
        let net = try cli.write(Self.workload, to: "net.yaml", in: directory)
        let result = try cli.run(["run", net, arch])
        #expect(result.status == 2)
        #expect(result.stderr == """
            \(net):1:1: error: this file is a workload (it has 'layers:'), not an architecture
              hint: did you swap ARCH and WORKLOAD? the architecture comes first: dfsim run ARCH WORKLOAD

            """)
    }

    @Test
    func checkPrintsTheResolvedDesign() throws {
        let directory = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let arch = try cli.write("""
            dfsim: 1
            name: tiny
            energy_table: eyeriss65
            levels:
              - {name: DRAM, kind: dram, bandwidth: 8}
              - {name: GLB, size: 64 KiB, keep: [inputs, outputs], read_bandwidth: 32, write_bandwidth: 16}
              - name: RF
                spatial: {x: 4, y: 2}
                kind: regfile
                size: 64
                read_energy: 0.5
                update_energy: 0.75
            """, to: "arch.yaml", in: directory)
        let result = try cli.run(["check", arch])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stderr.isEmpty)
        #expect(result.stdout == """
            \(arch): ok
            design tiny: 3 levels, 8 PEs, 1000 MHz; energy table eyeriss65 (Chen, Emer, Sze, ISCA 2016, Table IV (65 nm, normalized to one MAC): MAC 1, RF 1, inter-PE 2, global buffer 6, DRAM 200); MAC energy in the read column
            level    kind    keeps               words  bytes inst bits read pJ write pJ update pJ words/cycle energy from
            -------- ------- --------------- --------- ------ ---- ---- ------- -------- --------- ----------- -----------------------
            DRAM     dram    all             unbounded           1   16     200      200       200 8 r+w       eyeriss65: DRAM 200 pJ
            GLB      sram    inputs, outputs     32768 64 KiB    1   16       6        6         6 r 32, w 16  eyeriss65: SRAM 6 pJ
            RF (4×2) regfile all                    64  128 B    8   16     0.5      0.5      0.75 unlimited   set in the architecture
            MAC      int_mac                                     8   16       1                                eyeriss65: MAC 1

            """)
    }

    @Test
    func sweepsReportTheirBaseArchitecturesWarnings() throws {
        let directory = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let arch = try cli.write(Self.sloppyArchitecture.replacingOccurrences(of: "wieghts", with: "weights"), to: "arch.yaml", in: directory)
        _ = try cli.write(Self.workload, to: "net.yaml", in: directory)
        let sweep = try cli.write("dfsim: 1\narch: arch.yaml\nworkloads: [net.yaml]\nvary: {levels.RF.size: [16, 32]}\n",
                                  to: "sweep.yaml", in: directory)
        let list = try cli.run(["sweep", sweep, "--list"])
        #expect(list.status == 0, "stderr: \(list.stderr)")
        #expect(list.stderr == "\(arch)\(Self.sizeWarning)\n")
        let check = try cli.run(["check", sweep])
        #expect(check.status == 0)
        #expect(check.stdout == "\(sweep): ok\n")
        #expect(check.stderr == "\(arch)\(Self.sizeWarning)\n1 warning\n")
    }
}
