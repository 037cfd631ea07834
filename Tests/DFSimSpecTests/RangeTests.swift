import DFSim
import DFSimSpec
import Foundation
import Testing

/// The ranges dfsim accepts for numbers a user writes (docs/format.md §2): values whose
/// arithmetic would overflow an integer or make a result non-finite are refused where they are
/// written, with the range in the message; YAML aliases cannot multiply a file (issue 10).
@Suite("Number ranges and alias expansion")
struct RangeTests {
    static let energyHint = "energies are picojoules per word (or per MAC), from 0 to 1e12, so that a layer's energy and EDP stay finite"
    static let bandwidthHint = "bandwidths are words per cycle per instance, at least 1e-6; leave the key out for an unlimited level"

    func diagnostics(_ body: () throws(SpecError) -> Void) -> [Diagnostic] {
        do {
            try body()
            Issue.record("expected a SpecError, but the input was accepted")
            return []
        } catch {
            return error.diagnostics
        }
    }

    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dfsim-range-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func energiesBandwidthsClocksAndWordBitsHaveRanges() {
        let found = diagnostics { () throws(SpecError) in
            _ = try ArchitectureSpec.parse(text: """
                dfsim: 1
                name: r
                clock_mhz: 1e-300
                compute: {op: int_mac, energy_pj: 9.3e18}
                levels:
                  - name: DRAM
                    kind: dram
                    bandwidth: 1e-300
                    read_energy: 1e308
                  - name: GLB
                    kind: sram
                    size: 1024
                    word_bits: 8192
                    write_energy: .inf
                    update_energy: .nan
                    read_bandwidth: 1e400
                """, file: "arch.yaml")
        }
        #expect(found == [
            Diagnostic(file: "arch.yaml", line: 3, column: 12, message: "'clock_mhz' must be at least 1e-6 MHz, got 1e-300",
                       hint: "the clock is in MHz, from 1e-6 (1 Hz) to 1e9"),
            Diagnostic(file: "arch.yaml", line: 4, column: 35, message: "'compute.energy_pj' must be at most 1e12 pJ, got 9.3e18", hint: Self.energyHint),
            Diagnostic(file: "arch.yaml", line: 9, column: 18, message: "'read_energy' of DRAM must be at most 1e12 pJ, got 1e308", hint: Self.energyHint),
            Diagnostic(file: "arch.yaml", line: 8, column: 16, message: "'bandwidth' of DRAM must be at least 1e-6 words/cycle, got 1e-300",
                       hint: Self.bandwidthHint),
            Diagnostic(file: "arch.yaml", line: 13, column: 16, message: "'word_bits' of GLB must be at most 4096, got 8192"),
            Diagnostic(file: "arch.yaml", line: 14, column: 19, message: "'write_energy' of GLB must be a finite number, got '.inf'", hint: Self.energyHint),
            Diagnostic(file: "arch.yaml", line: 15, column: 20, message: "'update_energy' of GLB must be a finite number, got '.nan'", hint: Self.energyHint),
            Diagnostic(file: "arch.yaml", line: 16, column: 21, message: "'read_bandwidth' of GLB must be a finite number, got '1e400'",
                       hint: Self.bandwidthHint),
        ])
    }

    @Test func theEdgesOfTheRangesAreAccepted() throws {
        let architecture = try ArchitectureSpec.parse(text: """
            dfsim: 1
            clock_mhz: 1e9
            word_bits: 4096
            compute: {energy_pj: 1e12}
            levels:
              - {name: DRAM, kind: dram, bandwidth: 1e-6, read_energy: 0}
            """, file: "arch.yaml")
        #expect(architecture.levels[0].bandwidth.shared == 1e-6)
        #expect(architecture.compute.energyPerMAC == 1e12)
    }

    @Test func sizedLevelsHoldAtMost2To62Bits() {
        let found = diagnostics { () throws(SpecError) in
            _ = try ArchitectureSpec.parse(text: """
                dfsim: 1
                levels:
                  - name: DRAM
                  - name: GLB
                    size: 281474976710656
                    word_bits: 4096
                    spatial: {x: 16}
                """, file: "arch.yaml")
        }
        #expect(found == [
            Diagnostic(file: "arch.yaml", line: 5, column: 11,
                       message: "level 'GLB' holds 281474976710656 words × 4096 bits × 16 instances = 1.84e+19 bits; the sized levels together may hold at most 2^62 bits",
                       hint: "sizes are words per instance; check the size, 'word_bits' and the fan-outs above the level"),
        ])
    }

    @Test func workloadTotalsStayWithin2To62() {
        // Each layer has 2^48 MACs, the most one layer may have; 2^14 + 1 of them pass 2^62.
        let layers = (0...16384).map { "  - {name: l\($0), matmul: {m: 65536, k: 65536, n: 65536}}" }
        let found = diagnostics { () throws(SpecError) in
            _ = try WorkloadSpec.parse(text: "dfsim: 1\nlayers:\n" + layers.joined(separator: "\n"), file: "net.yaml")
        }
        #expect(found == [
            Diagnostic(file: "net.yaml", line: 3, column: 3,
                       message: "the layers add up to about 4.61e+18 MACs; dfsim handles at most 2^62 (4611686018427387904) in one workload",
                       hint: "split the workload into several files"),
        ])
    }

    @Test func energyTableValuesHaveRanges() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("table.yaml").path
        try """
            dfsim: 1
            name: t
            reference_bits: 8192
            dram: 1e13
            sram: 1
            regfile: 1
            sram_reference_words: 0.5
            """.write(toFile: path, atomically: true, encoding: .utf8)
        let found = diagnostics { () throws(SpecError) in _ = try EnergyTableSpec.load(path) }
        #expect(found == [
            Diagnostic(file: path, line: 3, column: 17, message: "'reference_bits' must be at most 4096, got 8192"),
            Diagnostic(file: path, line: 4, column: 7, message: "'dram' must be at most 1e12 pJ, got 1e13", hint: Self.energyHint),
            Diagnostic(file: path, line: 7, column: 23, message: "'sram_reference_words' must be at least 1, got 0.5"),
        ])
    }

    /// The classic billion laughs: nine levels of nine aliases, 9^9 values once expanded.
    static let laughs = """
        a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
        b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
        c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
        d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
        e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
        f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
        g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
        h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
        i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
        """
    static let laughsHint = "an alias (*name) repeats what its anchor (&name) holds; aliases of aliases multiply it. Write the values out instead"

    @Test func aBillionLaughsSweepIsRefusedQuickly() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "dfsim: 1\nlevels:\n  - {name: DRAM}\n  - {name: GLB, size: 64}\n"
            .write(to: folder.appendingPathComponent("arch.yaml"), atomically: true, encoding: .utf8)
        try "dfsim: 1\nlayers:\n  - {name: fc, linear: {in: 4, out: 4}}\n"
            .write(to: folder.appendingPathComponent("net.yaml"), atomically: true, encoding: .utf8)
        let path = folder.appendingPathComponent("sweep.yaml").path
        let sweep = "dfsim: 1\narch: arch.yaml\nworkloads: [net.yaml]\n" + Self.laughs + "\nvary:\n  levels.GLB.size: *i\n"
        try sweep.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(sweep.utf8.count < 600)
        let clock = ContinuousClock()
        var found: [Diagnostic] = []
        let elapsed = clock.measure { found = diagnostics { () throws(SpecError) in _ = try SweepSpec.load(path) } }
        #expect(found == [Diagnostic(file: path, line: 9, column: 4, message: "the file expands to more than 100000 YAML values through aliases",
                                     hint: Self.laughsHint)])
        #expect(elapsed < .milliseconds(500), "took \(elapsed)")
    }

    @Test func aBillionLaughsArchitectureIsRefusedAtTheFirstLargeValue() {
        let found = diagnostics { () throws(SpecError) in
            _ = try ArchitectureSpec.parse(text: "dfsim: 1\n" + Self.laughs.replacingOccurrences(of: "a: &a", with: "description: &a")
                                           + "\nlevels: [{name: DRAM}]\n", file: "arch.yaml")
        }
        #expect(found == [Diagnostic(file: "arch.yaml", line: 7, column: 4, message: "the file expands to more than 100000 YAML values through aliases",
                                     hint: Self.laughsHint)])
    }

    @Test func aFewAliasesAreStillFine() throws {
        let workload = try WorkloadSpec.parse(text: """
            dfsim: 1
            layers:
              - {name: a, linear: &fc {in: 16, out: 16}}
              - {name: b, linear: *fc}
            """, file: "net.yaml")
        #expect(workload.layers.map(\.macs) == [256, 256])
    }
}
