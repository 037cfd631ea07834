import Foundation
import Testing

/// `dfsim report` and `dfsim run --html` end to end: a real run folder gets a report; a folder
/// that is not a results folder, or a corrupt details.json, is a clear error with exit code 2.
@Suite
struct ReportCLITests {
    let cli = CLITests()

    @Test func reportOfARunFolder() throws {
        let dir = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let workload = try cli.write(RunCLITests.workload, to: "tiny.yaml", in: dir)
        let arch = CLITests.case006.appendingPathComponent("arch.yaml").path
        let out = dir.appendingPathComponent("run").path
        let run = try cli.run(["run", arch, workload, "--out", out, "--html"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("report.html"))
        let html = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
        #expect(html.contains("data-chart=\"roofline\""))
        // details.json describes the architecture for the roofline.
        let details = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/details.json"))) as? [String: Any])
        let architecture = try #require(details["architecture"] as? [String: Any])
        #expect(architecture["total_pes"] as? Int == 16)
        let levels = try #require(architecture["levels"] as? [[String: Any]])
        #expect(levels.map { $0["name"] as? String } == ["DRAM", "GLB", "RF"])
        #expect(levels.map { $0["instances"] as? Int } == [1, 1, 16])
        #expect(levels[0]["size_words"] is NSNull && levels[1]["size_words"] as? Int == 1024)
        // `dfsim report` rewrites the same file.
        try FileManager.default.removeItem(atPath: out + "/report.html")
        let report = try cli.run(["report", out])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("report.html"))
        #expect(try String(contentsOfFile: out + "/report.html", encoding: .utf8) == html)
    }

    @Test func notAResultsFolderExitsWithCode2() throws {
        let dir = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try cli.run(["report", dir.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("is not a results folder: it has no details.json (dfsim run), compare.json (dfsim compare) or sweep.json (dfsim sweep)"), "\(r.stderr)")
        _ = try cli.write("{\"layers\": 3}", to: "details.json", in: dir)
        let corrupt = try cli.run(["report", dir.path])
        #expect(corrupt.status == 2)
        #expect(corrupt.stderr.contains("details.json: "), "\(corrupt.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("report.html").path))
    }

    @Test func sweepWithHTMLReportsEachWorkload() throws {
        let sweeps = SweepCLITests()
        let dir = try sweeps.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("whole").path
        let r = try cli.run(["sweep", dir.appendingPathComponent("small.yaml").path, "--out", out, "--threads", "1", "--quiet", "--html"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("report.html"))
        let html = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
        for workload in ["lin", "conv"] {
            #expect(html.contains("data-chart=\"pareto:\(workload)\""), "\(workload)")
        }
    }
}

