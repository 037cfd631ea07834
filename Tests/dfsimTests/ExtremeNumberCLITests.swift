import Foundation
import Testing

/// Extreme numbers that pass validation, end to end: dfsim answers with exit code 0 and finite
/// numbers, or exit code 2 and a message; it never traps (issue 10; the fuzzer in
/// ``FuzzCLITests`` looks for more).
@Suite("extreme numbers on the command line")
struct ExtremeNumberCLITests {
    let cli = CLITests()

    static let workload = "dfsim: 1\nname: w\nlayers:\n  - {name: fc, linear: {in: 8, out: 4}}\n"

    @Test func aBandwidthTooSmallForTheLayerFailsItWithExitTwo() throws {
        let dir = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let arch = try cli.write("""
            dfsim: 1
            name: slow
            levels:
              - {name: DRAM, kind: dram, bandwidth: 0.000001}
              - {name: RF, kind: regfile, size: 64}
            """, to: "arch.yaml", in: dir)
        // 2^43 weights cross the DRAM at 1e-6 words per cycle: more than 2^62 cycles.
        let workload = try cli.write("dfsim: 1\nname: big\nlayers:\n  - {name: fc, linear: {in: 4194304, out: 2097152}}\n",
                                     to: "big.yaml", in: dir)
        let r = try cli.run(["run", arch, workload, "--threads", "1", "--out", dir.appendingPathComponent("out").path])
        #expect(r.status == 2)
        #expect(r.stderr == "error: layer 'fc': its best mapping takes more than 2^62 cycles; a bandwidth of the architecture (level 'DRAM') is too small for this layer\n")
    }

    @Test func statsPrintsTheBitsItWasGiven() throws {
        let dir = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let workload = try cli.write(Self.workload, to: "w.yaml", in: dir)
        let r = try cli.run(["stats", workload, "--bits", "4294967297"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasSuffix("model size         17179.87 MB at 4294967297 bits (16384.00 MiB)\n"), "\(r.stdout)")
    }

    @Test func theLargestBudgetIsCappedByTheMapspace() throws {
        let dir = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let workload = try cli.write(Self.workload, to: "w.yaml", in: dir)
        let r = try cli.run(["run", CLITests.case006.appendingPathComponent("arch.yaml").path, workload, "--threads", "1",
                             "--search", "random", "--budget", "9223372036854775807", "--time-limit", "0.5",
                             "--out", dir.appendingPathComponent("out").path])
        #expect(r.status == 0, "\(r.stderr)")
    }

    @Test func designOfAVeryExpensiveTableIsPrinted() throws {
        let dir = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try cli.write("dfsim: 1\nname: t1\nreference_bits: 1\ndram: 1e12\nsram: 1\nregfile: 1\n", to: "t1.yaml", in: dir)
        let arch = try cli.write("dfsim: 1\nname: wide\nword_bits: 4096\nenergy_table: t1.yaml\nlevels:\n  - {name: DRAM, kind: dram}\n",
                                 to: "arch.yaml", in: dir)
        let r = try cli.run(["check", arch])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("4.096e+15 4.096e+15 4.096e+15 unlimited   t1: DRAM 1000000000000 pJ × 4096/1 bits"), "\(r.stdout)")
    }
}
