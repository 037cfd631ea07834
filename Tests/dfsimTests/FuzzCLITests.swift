import DFSim
import Foundation
import Testing

/// A seeded mutation fuzzer over the bundled specs and a tiny architecture, workload and energy
/// table (``SpecMutator``), run through the `dfsim` binary (issue 10, docs/format.md §6).
///
/// Each mutant gets its own sandbox folder and goes through `check` (with `--design` for
/// architectures), `run` against the tiny counterpart (a mutated architecture with the tiny
/// workload, the tiny architecture with a mutated workload or energy table) and, for workloads,
/// `stats` (also with extreme `--bits`). For every command:
/// - the process is never killed by a signal, and never hangs;
/// - the exit code is 0 or 2 (1 only for an empty mapspace);
/// - an exit-2 message is located (`file:line:column: error:`) or a known usage message;
/// - nothing is written outside the sandbox's output folder;
/// - no `inf` or `nan` appears as a number in standard output or in any file written.
///
/// `DFSIM_FUZZ_MUTANTS` (default 200) and `DFSIM_FUZZ_SEED` (default 1) set the budget and the seed;
/// `DFSIM_FUZZ_ONLY=17` runs mutant 17 alone. A failure names the seed, the mutant's index, its
/// mutations, the command and the mutated file. `scripts/fuzz.sh` runs a long fuzz on the release build.
@Suite("fuzzing the command line with hostile specs")
struct FuzzCLITests {
    static let environment = ProcessInfo.processInfo.environment
    static let mutantCount = environment["DFSIM_FUZZ_MUTANTS"].flatMap { Int($0) } ?? 200
    static let seed = environment["DFSIM_FUZZ_SEED"].flatMap { UInt64($0) } ?? 1
    static let only = environment["DFSIM_FUZZ_ONLY"].flatMap { Int($0) }
    /// Parallel workers (the machine has two cores).
    static let workers = environment["DFSIM_FUZZ_WORKERS"].flatMap { Int($0) } ?? 2
    /// A command still running after this long is stopped and reported as hanging.
    static let commandTimeout: TimeInterval = 60

    static let tinyArchitecture = """
        dfsim: 1
        name: tiny
        word_bits: 16
        clock_mhz: 1000
        compute: {op: int_mac, energy_pj: 0.5}
        levels:
          - name: DRAM
            kind: dram
            bandwidth: 8
            read_energy: 100
          - name: GLB
            kind: sram
            size: 256
            keep: [inputs, outputs, weights]
            read_bandwidth: 16
            write_bandwidth: 8
          - name: RF
            spatial: {x: 2, y: 2}
            network: {multicast: true, reduction: true}
            kind: regfile
            size: 16
            read_energy: 0.5
            write_energy: 0.6
            update_energy: 0.7
        min_utilization: 0
        """

    /// The tiny architecture priced by `table.yaml` (for energy-table mutants).
    static var tinyTableArchitecture: String {
        tinyArchitecture.replacingOccurrences(of: "clock_mhz: 1000", with: "clock_mhz: 1000\nenergy_table: table.yaml")
            .replacingOccurrences(of: "compute: {op: int_mac, energy_pj: 0.5}", with: "compute: {op: int_mac}")
            .replacingOccurrences(of: "    read_energy: 100\n", with: "")
    }

    static let tinyWorkload = """
        dfsim: 1
        name: tinyw
        batch: 1
        layers:
          - name: conv
            conv2d:
              in: [2, 6, 6]
              out: 4
              kernel: 3
              stride: 1
              pad: 1
          - name: pool
            maxpool: {kernel: 2}
          - name: fc
            linear: {out: 8}
          - name: mm
            matmul: {m: 4, k: 8, n: 2}
          - name: e
            einsum: O[m,p] += I[c,p+r] * W[m,c,r]
            dims: {m: 4, c: 2, p: 3, r: 2}
        """

    static let tinyTable = """
        dfsim: 1
        name: tinytable
        source: a table for the fuzzer
        reference_bits: 16
        dram: 100
        sram: 2.5
        sram_reference_words: 4096
        regfile: 0.3
        int_mult: 0.8
        int_add: 0.05
        network_transfer: 0.1
        """

    /// `--bits` values for `stats`, extreme and ordinary.
    static let extremeBits = ["1", "16", "2147483648", "4294967297", "9223372036854775807", "0", "-1", "4611686018427387904"]

    /// A source of mutants: a file's text, its kind, and a name for messages.
    struct Source {
        var name: String
        var kind: SpecMutator.Kind
        var text: String
    }

    static let sources: [Source] = {
        let root = CLITests.packageRoot
        func bundled(_ folder: String, _ kind: SpecMutator.Kind) -> [Source] {
            let directory = root.appendingPathComponent(folder)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            return names.filter { $0.hasSuffix(".yaml") }.sorted().compactMap { name in
                (try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8))
                    .map { Source(name: "\(folder)/\(name)", kind: kind, text: $0) }
            }
        }
        let tiny = [Source(name: "tiny architecture", kind: .architecture, text: tinyArchitecture),
                    Source(name: "tiny workload", kind: .workload, text: tinyWorkload),
                    Source(name: "tiny energy table", kind: .energyTable, text: tinyTable)]
        // The tiny files are drawn as often as all bundled files together: they run fastest and
        // have every numeric key.
        return bundled("arch", .architecture) + bundled("workloads", .workload) + Array(repeating: tiny, count: 5).flatMap { $0 }
    }()

    // MARK: - One command

    struct Outcome {
        var arguments: [String]
        var status: Int32
        var signalled: Bool
        var hung: Bool
        var stdout: String
        var stderr: String
    }

    /// Runs `dfsim arguments` in `directory`, stopping it after ``commandTimeout``.
    static func run(_ arguments: [String], in directory: URL, scratch: URL) throws -> Outcome {
        let binary = try #require(CLITests.binary, "dfsim binary not found: run `swift build` first, or set DFSIM_BINARY")
        let outURL = scratch.appendingPathComponent("stdout-\(UUID().uuidString)")
        let errURL = scratch.appendingPathComponent("stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        try process.run()
        var hung = false
        if done.wait(timeout: .now() + commandTimeout) == .timedOut {
            hung = true
            kill(process.processIdentifier, SIGKILL) // this test's own child, by its id (SIGTERM would stop it gracefully, if at all)
            done.wait()
        }
        try out.close()
        try err.close()
        let text = { (url: URL) in String(decoding: (try? Data(contentsOf: url)) ?? Data(), as: UTF8.self) }
        return Outcome(arguments: arguments, status: process.terminationStatus,
                       signalled: !hung && process.terminationReason == .uncaughtSignal, hung: hung,
                       stdout: text(outURL), stderr: text(errURL))
    }

    // MARK: - Checks

    private static let located = try! NSRegularExpression(pattern: #"[^\s:]+:[0-9]+:[0-9]+: error: "#) // invariant: constant
    /// `inf`, `-inf`, `infinity`, `nan` as a number token, in any case.
    private static let nonFinite = try! NSRegularExpression( // invariant: constant
        pattern: #"(?<![A-Za-z0-9_.])[-+]?(?:inf|infinity|nan)(?![A-Za-z0-9_])"#, options: [.caseInsensitive])

    static func contains(_ pattern: NSRegularExpression, _ text: String) -> String? {
        guard let m = pattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { return nil }
        let start = max(0, m.range.location - 60)
        let ns = text as NSString
        return ns.substring(with: NSRange(location: start, length: min(ns.length - start, m.range.length + 120)))
    }

    /// Messages without a position that are still proper answers to bad input: usage errors of
    /// the command line, an empty mapspace, a layer too large for a slow design.
    static let knownMessages = ["the mapspace is empty", "has no layers with MACs to map", "more than 2^62 cycles",
                                "random search drew", "Error: ", "error: --"]

    /// What is wrong with `outcome`, or `nil`.
    static func problem(with outcome: Outcome) -> String? {
        if outcome.hung { return "did not finish within \(Int(commandTimeout)) s" }
        if outcome.signalled { return "killed by signal \(outcome.status)\n\(outcome.stderr.prefix(3000))" }
        switch outcome.status {
        case 0: break
        case 1 where outcome.stderr.contains("the mapspace is empty"): break
        case 2:
            if contains(located, outcome.stderr) == nil && !knownMessages.contains(where: outcome.stderr.contains) {
                return "exit 2 without a file:line:column location:\n\(outcome.stderr.prefix(2000))"
            }
        default:
            return "exit code \(outcome.status):\n\(outcome.stderr.prefix(2000))"
        }
        if let around = contains(nonFinite, outcome.stdout) { return "a non-finite number on standard output: …\(around)…" }
        return nil
    }

    /// Every file under `directory`, as paths relative to it, with their contents' hash.
    static func listing(_ directory: URL) -> [String: Int] {
        var result: [String: Int] = [:]
        let base = directory.resolvingSymlinksInPath().path
        guard let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else { return result }
        for case let url as URL in walker {
            let path = url.resolvingSymlinksInPath().path
            let relative = path.hasPrefix(base + "/") ? String(path.dropFirst(base.count + 1)) : path
            result[relative] = (try? Data(contentsOf: url)).map { $0.hashValue } ?? 0
        }
        return result
    }

    // MARK: - One mutant

    /// The commands of one mutant, each checked; returns the failures (empty when it passed).
    static func fuzz(index: Int, root: URL) throws -> [String] {
        var mutator = SpecMutator(seed: seed, index: index)
        let source = mutator.pick(sources)
        let mutant = mutator.mutate(source.text, kind: source.kind, source: source.name)
        let sandbox = root.appendingPathComponent("m\(index)")
        let scratch = root.appendingPathComponent("s\(index)")
        try FileManager.default.createDirectory(at: sandbox, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer {
            try? FileManager.default.removeItem(at: sandbox)
            try? FileManager.default.removeItem(at: scratch)
        }
        let (arch, workload, table) = ("arch.yaml", "wl.yaml", "table.yaml")
        let files: [String: String]
        var commands: [[String]] = []
        let out = sandbox.appendingPathComponent("out").path
        // The run's options: mostly the exact search under a time limit; sometimes the random
        // search with an extreme budget, an extreme batch, or the default results folder.
        var runOptions = ["--time-limit", "0.3", "--threads", "1"]
        switch mutator.below(8) {
        case 0: runOptions += ["--search", "random", "--budget", mutator.pick(["9223372036854775807", "4611686018427387904", "1", "2147483648"])]
        case 1: runOptions += ["--batch", mutator.pick(["2147483649", "9223372036854775807", "4294967297", "4611686018427387904"])] // few divisors: a batch of 2^31 or 10^6 is valid but slow to find a first mapping for
        case 2: break // results/<arch>-<workload> inside the sandbox
        default: runOptions += ["--out", out]
        }
        switch mutant.kind {
        case .architecture:
            files = [arch: mutant.text, workload: tinyWorkload]
            commands = [["check", arch], ["check", arch, "--workload", workload], ["run", arch, workload] + runOptions]
        case .workload:
            files = [arch: tinyArchitecture, workload: mutant.text]
            commands = [["check", workload], ["stats", workload],
                        ["stats", workload, "--bits", mutator.pick(extremeBits), "--format", mutator.pick(["table", "json", "csv"])],
                        ["run", arch, workload] + runOptions]
        case .energyTable:
            files = [arch: tinyTableArchitecture, workload: tinyWorkload, table: mutant.text]
            commands = [["check", table], ["check", arch], ["run", arch, workload] + runOptions]
        }
        let mutatedFile = mutant.kind == .architecture ? arch : mutant.kind == .workload ? workload : table
        for (name, text) in files { try text.write(to: sandbox.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        let before = listing(sandbox)
        let rootBefore = Set(try FileManager.default.contentsOfDirectory(atPath: root.path))

        var failures: [String] = []
        func fail(_ command: [String], _ what: String) {
            failures.append("""
                fuzz seed \(seed), mutant \(index) (rerun: DFSIM_FUZZ_SEED=\(seed) DFSIM_FUZZ_ONLY=\(index)): \
                \(mutant.source), \(mutant.changes.joined(separator: "; "))
                command: dfsim \(command.joined(separator: " "))
                \(what)
                --- \(mutatedFile) ---
                \(mutant.text.count > 6000 ? String(mutant.text.prefix(6000)) + "\n…" : mutant.text)
                """)
        }
        for command in commands {
            let outcome = try run(command, in: sandbox, scratch: scratch)
            if let problem = problem(with: outcome) { fail(command, problem) }
            if command.first == "stats", outcome.status == 0, command.count > 3, command[3] != "0",
               command.last == "table", !outcome.stdout.contains("at \(command[3]) bits") {
                fail(command, "the model size is not given at \(command[3]) bits:\n\(outcome.stdout.suffix(300))")
            }
        }
        // Nothing written outside the output folder (out/, or results/ by default); nothing changed.
        let after = listing(sandbox)
        for (path, hash) in after where before[path] != hash {
            let allowed = path == "out" || path.hasPrefix("out/") || path == "results" || path.hasPrefix("results/")
            if !allowed { fail(commands.last ?? [], "wrote '\(path)' outside the output folder") }
            if allowed, let data = FileManager.default.contents(atPath: sandbox.appendingPathComponent(path).path),
               let text = String(data: data, encoding: .utf8), let around = contains(nonFinite, text) {
                fail(commands.last ?? [], "a non-finite number in \(path): …\(around)…")
            }
        }
        let strays = Set(try FileManager.default.contentsOfDirectory(atPath: root.path)).subtracting(rootBefore)
            .filter { name in !((name.hasPrefix("m") || name.hasPrefix("s")) && Int(name.dropFirst()) != nil) }
        if !strays.isEmpty { fail(commands.last ?? [], "wrote \(strays.sorted()) beside the sandbox, outside the output folder") }
        return failures
    }

    // MARK: - The test

    @Test func hostileSpecsNeverTrapNorWriteOutsideTheOutputFolder() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("dfsim-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let indices = Self.only.map { [$0] } ?? Array(0..<Self.mutantCount)
        let found = Findings()
        let started = Date()
        DispatchQueue.concurrentPerform(iterations: max(1, Self.workers)) { worker in
            for index in indices where index % max(1, Self.workers) == worker {
                do { found.add(try Self.fuzz(index: index, root: root).map { (index, $0) }) }
                catch { found.add(error: "mutant \(index): \(error)") }
            }
        }
        let (failures, errors) = found.contents
        for e in errors { Issue.record("\(e)") }
        // One report per failing mutant and command; the first few in full.
        for (_, failure) in failures.sorted(by: { $0.0 < $1.0 }).prefix(20) { Issue.record("\(failure)") }
        if failures.count > 20 { Issue.record("… and \(failures.count - 20) more failures (seed \(Self.seed))") }
        print("fuzz: \(indices.count) mutants (seed \(Self.seed)) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s, \(failures.count) failures")
    }
}

/// Failures collected by the fuzzer's workers.
private final class Findings: @unchecked Sendable {
    private let lock = NSLock()
    private var failures: [(Int, String)] = []
    private var errors: [String] = []

    func add(_ more: [(Int, String)]) { lock.lock(); failures += more; lock.unlock() }
    func add(error: String) { lock.lock(); errors.append(error); lock.unlock() }
    var contents: (failures: [(Int, String)], errors: [String]) { lock.lock(); defer { lock.unlock() }; return (failures, errors) }
}
