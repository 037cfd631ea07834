import Foundation
import Testing

/// End-to-end tests of the `dfsim` executable: output formats, exit codes and diagnostics (docs/format.md §5, §6).
@Suite("dfsim command line")
struct CLITests {
    // MARK: - Locating the binary and the fixtures

    /// The package root: this file is `<root>/Tests/dfsimTests/CLITests.swift`.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `dfsim` built alongside this test bundle (whatever `--scratch-path` was used), else the
    /// package's default `.build/debug/dfsim`; `DFSIM_BINARY` overrides both.
    static let binary: URL? = {
        let fm = FileManager.default
        func executable(in directory: URL) -> URL? {
            let candidate = directory.appendingPathComponent("dfsim")
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue,
                  fm.isExecutableFile(atPath: candidate.path) else { return nil }
            return candidate
        }
        if let path = ProcessInfo.processInfo.environment["DFSIM_BINARY"], fm.isExecutableFile(atPath: path) {
            return URL(fileURLWithPath: path)
        }
        // Where the test code runs from: the test executable (Linux) or the .xctest bundle (macOS).
        var starts: [URL] = []
        if let first = CommandLine.arguments.first { starts.append(URL(fileURLWithPath: first).resolvingSymlinksInPath()) }
        if let url = Bundle.main.executableURL { starts.append(url.resolvingSymlinksInPath()) }
        starts.append(Bundle.main.bundleURL.resolvingSymlinksInPath())
        starts += Bundle.allBundles.map(\.bundleURL).filter { $0.pathExtension == "xctest" }
        for start in starts {
            // <scratch>/<triple>/debug/x.xctest → look in debug/, then walk up a few levels.
            var directory = start.deletingLastPathComponent()
            for _ in 0..<4 {
                if let found = executable(in: directory) { return found }
                directory = directory.deletingLastPathComponent()
            }
        }
        return executable(in: packageRoot.appendingPathComponent(".build/debug"))
    }()

    /// Reference case-006 (Timeloop-checked), bundled in `Tests/Reference/cases`.
    static let case006 = packageRoot.appendingPathComponent("Tests/Reference/cases/case-006")

    // MARK: - Running

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `dfsim` with `arguments`; output goes through temporary files so large outputs cannot block.
    func run(_ arguments: [String]) throws -> Outcome {
        let binary = try #require(Self.binary, "dfsim binary not found next to the tests or in .build/debug: run `swift build` first, or set DFSIM_BINARY")
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let outURL = directory.appendingPathComponent("stdout"), errURL = directory.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return Outcome(status: process.terminationStatus,
                      stdout: try String(contentsOf: outURL, encoding: .utf8),
                      stderr: try String(contentsOf: errURL, encoding: .utf8))
    }

    /// Starts `dfsim` with `arguments`, waits (at most 120 s) until its stderr satisfies `ready`,
    /// lets it run half a second more, sends SIGINT and waits for it to end. Returns the exit
    /// status, the stderr, and whether it was still running when interrupted.
    func interrupt(_ arguments: [String], when ready: (String) -> Bool) throws -> (status: Int32, stderr: String, wasRunning: Bool) {
        let binary = try #require(Self.binary, "dfsim binary not found: run `swift build` first, or set DFSIM_BINARY")
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let errURL = directory.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let err = try FileHandle(forWritingTo: errURL)
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        var waited = 0.0
        while waited < 120, process.isRunning {
            if ready((try? String(contentsOf: errURL, encoding: .utf8)) ?? "") { break }
            Thread.sleep(forTimeInterval: 0.1)
            waited += 0.1
        }
        let wasRunning = process.isRunning
        Thread.sleep(forTimeInterval: 0.5)
        process.interrupt()
        process.waitUntilExit()
        try err.close()
        return (process.terminationStatus, try String(contentsOf: errURL, encoding: .utf8), wasRunning)
    }

    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dfsim-cli-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `text` to the file `name` in `directory` and returns its path.
    func write(_ text: String, to name: String, in directory: URL) throws -> String {
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    static let goodArchitecture = """
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

    /// `size` misspelled on line 8, column 5.
    static let brokenArchitecture = """
        dfsim: 1
        name: two_level
        levels:
          - name: DRAM
            kind: dram
          - name: GLB
            kind: sram
            sise: 1024
        """

    // MARK: - model

    @Test
    func modelJSONOnReferenceCase006() throws {
        let result = try run(["model", Self.case006.appendingPathComponent("arch.yaml").path,
                              Self.case006.appendingPathComponent("workload.yaml").path,
                              "--mapping", Self.case006.appendingPathComponent("mapping.yaml").path,
                              "--format", "json"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        struct Output: Decodable {
            struct Layer: Decodable { var name: String; var macs: Int; var cycles: Int; var energy_pj: Double }
            var layers: [Layer]
        }
        let output = try JSONDecoder().decode(Output.self, from: Data(result.stdout.utf8))
        let first = try #require(output.layers.first)
        #expect(first.macs == 1344)
        #expect(first.cycles == 1344)
        #expect(output.layers.count == 1)
    }

    @Test
    func modelWithSeveralLayersNeedsLayer() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let arch = try write(Self.goodArchitecture, to: "arch.yaml", in: directory)
        let workload = try write("""
            dfsim: 1
            name: two
            layers:
              - name: first
                einsum: O[m] += I[c] * W[m,c]
                dims: {m: 4, c: 4}
              - name: second
                einsum: O[m] += I[c] * W[m,c]
                dims: {m: 8, c: 2}
            """, to: "net.yaml", in: directory)
        let mapping = try write("dfsim: 1\nmapping:\n  DRAM: {temporal: [m: 4, c: 4]}\n", to: "map.yaml", in: directory)
        let result = try run(["model", arch, workload, "--mapping", mapping])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("choose one with --layer (first, second)"), "stderr: \(result.stderr)")

        // With --layer it runs; an unknown --layer lists the layers.
        let chosen = try run(["model", arch, workload, "--mapping", mapping, "--layer", "first", "--format", "json"])
        #expect(chosen.status == 0, "stderr: \(chosen.stderr)")
        #expect(chosen.stdout.contains("\"macs\": 16"))
        let unknown = try run(["model", arch, workload, "--mapping", mapping, "--layer", "thrid"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("has no layer 'thrid'; layers: first, second"), "stderr: \(unknown.stderr)")
    }

    @Test
    func brokenArchitectureGivesPositionedError() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let arch = try write(Self.brokenArchitecture, to: "arch.yaml", in: directory)
        let workload = try write("dfsim: 1\nlayers:\n  - {name: fc, linear: {in: 4, out: 4}}\n", to: "net.yaml", in: directory)
        let result = try run(["model", arch, workload, "--mapping", "unused.yaml"])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("\(arch):8:5: error: unknown key 'sise' in level 2; did you mean 'size'?"),
                "stderr: \(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    // MARK: - stats

    @Test
    func statsJSONTotals() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let workload = try write("""
            dfsim: 1
            name: tiny
            layers:
              - name: conv
                conv2d: {in: [3, 8, 8], out: 4, kernel: 3, pad: 1}
              - name: pool
                maxpool: {kernel: 2}
              - name: fc
                linear: {out: 10}
            """, to: "tiny.yaml", in: directory)
        let result = try run(["stats", workload, "--format", "json"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        struct Output: Decodable {
            struct Layer: Decodable { var name: String; var macs: Int; var parameters: Int; var output_shape: [Int]; var activations: Int }
            struct Total: Decodable { var macs: Int; var parameters: Int; var activations: Int; var peak_activations: Int }
            var layers: [Layer]
            var total: Total
        }
        let output = try JSONDecoder().decode(Output.self, from: Data(result.stdout.utf8))
        // conv: 4×3×8×8×3×3 MACs, 4×3×3×3 weights → 4×8×8; pool → 4×4×4; fc: 64 → 10.
        #expect(output.layers.map(\.name) == ["conv", "pool", "fc"])
        #expect(output.layers.map(\.macs) == [6912, 0, 640])
        #expect(output.layers.map(\.parameters) == [108, 0, 640])
        #expect(output.layers.map(\.output_shape) == [[4, 8, 8], [4, 4, 4], [10]])
        #expect(output.layers.map(\.activations) == [256, 64, 10])
        #expect(output.total.macs == 7552)
        #expect(output.total.parameters == 748)
        #expect(output.total.activations == 192 + 256 + 64 + 10)
        #expect(output.total.peak_activations == 192 + 256)
    }

    @Test
    func missingFileExitsWithTwo() throws {
        let path = "/nonexistent-dfsim-dir/net.yaml"
        let result = try run(["stats", path])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("\(path):1:1: error: no such file: '\(path)'"), "stderr: \(result.stderr)")
    }

    @Test
    func unknownOptionExitsWithTwo() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let workload = try write("dfsim: 1\nlayers:\n  - {name: fc, linear: {in: 4, out: 4}}\n", to: "net.yaml", in: directory)
        let result = try run(["stats", workload, "--frobnicate"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--frobnicate"), "stderr: \(result.stderr)")
        let unknownSubcommand = try run(["frobnicate"])
        #expect(unknownSubcommand.status == 2)
        let badValue = try run(["stats", workload, "--format", "xml"])
        #expect(badValue.status == 2)
    }

    // MARK: - check

    @Test
    func checkGoodAndBadFiles() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let good = try write(Self.goodArchitecture, to: "good.yaml", in: directory)
        let bad = try write(Self.brokenArchitecture, to: "bad.yaml", in: directory)

        let ok = try run(["check", "--brief", good])
        #expect(ok.status == 0, "stderr: \(ok.stderr)")
        #expect(ok.stdout == "\(good): ok\n")
        #expect(ok.stderr.isEmpty)
        // By default an architecture's resolved design follows its 'ok'.
        let designed = try run(["check", good])
        #expect(designed.stdout.hasPrefix("\(good): ok\ndesign "), "\(designed.stdout)")

        let broken = try run(["check", bad])
        #expect(broken.status == 2)
        #expect(broken.stderr.hasPrefix("\(bad):8:5: error: unknown key 'sise'"), "stderr: \(broken.stderr)")

        // Every file is checked: the good one still says ok, and the exit code reports the bad one.
        let both = try run(["check", "--brief", good, bad])
        #expect(both.status == 2)
        #expect(both.stdout == "\(good): ok\n")
        #expect(both.stderr.hasPrefix("\(bad):8:5: error:"))
    }

    @Test
    func badWorkloadThroughCheck() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let workload = try write("""
            dfsim: 1
            layers:
              - name: l
                einsum: O[m,p] += I[c,p*r] * W[m,c,r]
                dims: {m: 4, c: 3, p: 5, r: 3}
            """, to: "net.yaml", in: directory)
        let result = try run(["check", workload])
        #expect(result.status == 2)
        #expect(result.stderr == """
            \(workload):4:27: error: index expression 'p*r' is not affine: it multiplies two dims
              hint: an index is a sum of dims with integer coefficients, e.g. 2*p + r

            """)
    }
}
