import DFSim
import DFSimResults
import DFSimResultsFormat
import DFSimSpec
import Foundation
import Testing

/// Names are data, not paths; folders never mix two results; nothing non-finite is written.
@Suite("Results folders")
struct ResultsFolderTests {
    static let hostileNames = ["../../escape", "a/b", "/abs/path", "x\u{0}y.yaml", String(repeating: "n", count: 300), ".hidden",
                               "..", ".", "", "spaces and, commas", "ünïcode", "a_b", "a:b", "a?b", "con", "-dash"]

    @Test func safeNamesAreFlatDistinctAndShort() {
        let made = Self.hostileNames.map(SafeFileName.make)
        #expect(Set(made).count == made.count, "\(made)")
        for name in made {
            #expect(!name.contains("/") && !name.contains("\u{0}") && !name.hasPrefix(".") && !name.isEmpty, "\(name)")
            #expect(name.utf8.count <= 96, "\(name)")
        }
        #expect(SafeFileName.make("conv1") == "conv1")
        #expect(SafeFileName.make("fc6.weights-2_b") == "fc6.weights-2_b")
        #expect(SafeFileName.make("a/b") == SafeFileName.make("a/b")) // deterministic
    }

    /// Every file under `dir`, relative paths.
    static func tree(_ dir: URL) -> Set<String> {
        let e = FileManager.default.enumerator(atPath: dir.path)
        var out = Set<String>()
        while let p = e?.nextObject() as? String { out.insert(p) }
        return out
    }

    @Test func hostileLayerNamesStayInsideTheOutputFolder() throws {
        let dir = try Support.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let names = ["../../escape", "a/b", "/tmp/abs", "x\\0y", String(repeating: "n", count: 300), "..", ".hidden"]
        let layers = names.enumerated().map { i, n in "  - {name: \"\(n)\", linear: {in: \(8 + i), out: 4}}" }.joined(separator: "\n")
        try "dfsim: 1\nname: \"../../w\"\nlayers:\n\(layers)\n".write(to: dir.appendingPathComponent("two.yaml"), atomically: true, encoding: .utf8)
        let before = Self.tree(dir)
        let output = try Support.run(in: dir)
        #expect(output.results.count == names.count)
        let out = dir.appendingPathComponent("deep/out")
        try output.write(to: out)
        let added = Self.tree(dir).subtracting(before)
        #expect(added.allSatisfy { $0 == "deep" || $0.hasPrefix("deep/out") }, "\(added.sorted())")
        let mappings = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasSuffix(".mapping.yaml") }
        #expect(mappings.count == names.count)
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent(ResultsFolder.incompleteMarker).path))
        #expect(RunOutput.defaultFolder(architecture: "tiny_arch", workload: "../../w").hasPrefix("results/tiny_arch-.._.._w-"))
    }

    @Test func aFolderOfOtherResultsIsRefusedUnlessForced() throws {
        let dir = try Support.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        try Support.run(in: dir).write(to: out)
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("c.mapping.yaml").path))
        // The same architecture and workload with one layer fewer: replaced, the stale mapping removed.
        try Support.workload.replacingOccurrences(of: "\n  - {name: c, conv2d: {in: [2, 4, 4], out: 2, kernel: 3}}", with: "")
            .write(to: dir.appendingPathComponent("two.yaml"), atomically: true, encoding: .utf8)
        let fewer = try Support.run(in: dir)
        #expect(fewer.results.count == 1)
        try fewer.write(to: out)
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("c.mapping.yaml").path))
        // Another workload: refused, then replaced with force.
        try Support.workload.replacingOccurrences(of: "name: two", with: "name: other")
            .write(to: dir.appendingPathComponent("two.yaml"), atomically: true, encoding: .utf8)
        let other = try Support.run(in: dir)
        let error = try #require(throws: ResultsError.self) { try other.write(to: out) }
        #expect(error.message == "\(out.path) holds the results of two on tiny_arch, not other on tiny_arch; use another --out, or --force to replace them")
        try other.write(to: out, force: true)
        #expect(try ResultsFile.decode(RunResults.self, at: out.appendingPathComponent("details.json")).workload == "other")
        // A sweep folder is never written over without force.
        try "{}".write(to: out.appendingPathComponent("manifest.json"), atomically: true, encoding: .utf8)
        let sweepError = try #require(throws: ResultsError.self) { try other.write(to: out) }
        #expect(sweepError.message.contains("already holds other files (a sweep)"), "\(sweepError.message)")
        #expect(throws: ResultsError.self) { try ResultsFolder(out).prepareCompare() }
    }

    @Test func outputPathsThatCannotBeFoldersSaySoInOneLine() throws {
        let dir = try Support.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let output = try Support.run(in: dir)
        let file = dir.appendingPathComponent("arch.yaml")
        let error = try #require(throws: ResultsError.self) { try output.write(to: file) }
        #expect(error.message == "--out \(file.path) is a file, not a folder; give a folder path")
        let below = file.appendingPathComponent("sub")
        let nested = try #require(throws: ResultsError.self) { try output.write(to: below) }
        #expect(nested.message == "cannot create the folder \(below.path): \(file.path) is a file", "\(nested.message)")
        #expect(!nested.message.contains("\n") && !nested.message.contains("NSCocoaErrorDomain"), "\(nested.message)")
    }

    @Test func nonFiniteResultsFailBeforeAnythingIsWritten() throws {
        let dir = try Support.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        // The specs refuse energies above 1e12 pJ (docs/format.md §2.3), so the energies go in after loading.
        var architecture = try ArchitectureSpec.load(dir.appendingPathComponent("arch.yaml").path)
        architecture.levels[0].readEnergy = 1e308
        architecture.levels[0].writeEnergy = 1e308
        let workload = try WorkloadSpec.load(dir.appendingPathComponent("two.yaml").path)
        let results = try NetworkSearch(workload: workload, architecture: architecture, objective: .energy, threads: 1).run(clock: { 0 })
        let output = RunOutput(architecture: architecture, workload: workload, results: results, objective: .energy,
                               dataflow: nil, elapsed: 0.5, threads: 1)
        #expect(!output.totalEnergy.isFinite)
        let out = dir.appendingPathComponent("out")
        let error = try #require(throws: ResultsError.self) { try output.write(to: out) }
        #expect(error.message.hasPrefix("the results hold a number that is not finite (inf at details.json layers[0]."), "\(error.message)")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("details.json").path))
    }
}
