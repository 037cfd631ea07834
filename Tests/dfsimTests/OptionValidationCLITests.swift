import Foundation
import Testing

/// Option values are checked by ArgumentParser from their types (objective, dataflow, search,
/// format) and by `validate()`; each message is tested by its exact first line, each exits 2.
@Suite
struct OptionValidationCLITests {
    let cli = CLITests()

    func firstLine(_ arguments: [String]) throws -> String {
        let r = try cli.run(arguments)
        #expect(r.status == 2, "\(arguments): \(r.stderr)")
        return String(r.stderr.split(separator: "\n").first ?? "")
    }

    @Test func minUtilizationOverridesTheArchitecture() throws {
        let arch = CLITests.case006.appendingPathComponent("arch.yaml").path
        let workload = CLITests.case006.appendingPathComponent("workload.yaml").path
        let dir = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // The energy optimum of case-006 uses 6 of the 16 PEs (utilization 0.375).
        let r = try cli.run(["run", arch, workload, "--objective", "energy", "--min-utilization", "0.5", "--out", dir.appendingPathComponent("half").path, "--threads", "1"])
        let full = try cli.run(["run", arch, workload, "--objective", "energy", "--out", dir.appendingPathComponent("free").path, "--threads", "1"])
        #expect(full.status == 0, "\(full.stderr)")
        let freeDetails = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("free/details.json"))) as? [String: Any]
        let freeUtilization = (freeDetails?["layers"] as? [[String: Any]])?.first?["spatial_utilization"] as? Double
        #expect((freeUtilization ?? 1) < 1, "the unconstrained optimum must leave PEs idle for this test to mean anything")
        #expect(freeUtilization == 0.375)
        #expect(r.status == 0, "\(r.stderr)")
        let details = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("half/details.json"))) as? [String: Any]
        let utilization = (details?["layers"] as? [[String: Any]])?.first?["spatial_utilization"] as? Double
        #expect((utilization ?? 0) >= 0.5, "\(utilization ?? -1)")
    }

    @Test func badOptionValuesNameTheValidOnes() throws {
        let run = ["run", "arch/eyeriss_like.yaml", "workloads/alexnet.yaml"]
        #expect(try firstLine(run + ["--objective", "bogus"])
                == "Error: The value 'bogus' is invalid for '--objective <objective>'. Please provide one of 'edp', 'energy' or 'latency'.")
        #expect(try firstLine(run + ["--dataflow", "xs"])
                == "Error: The value 'xs' is invalid for '--dataflow <dataflow>'. Please provide one of 'weight_stationary', 'output_stationary', 'input_stationary', 'row_stationary' or 'no_local_reuse'.")
        #expect(try firstLine(run + ["--search", "greedy"])
                == "Error: The value 'greedy' is invalid for '--search <search>'. Please provide one of 'exhaustive' and 'random'.")
        #expect(try firstLine(run + ["--format", "xml"])
                == "Error: The value 'xml' is invalid for '--format <format>'. Please provide one of 'table', 'json' or 'csv'.")
        #expect(try firstLine(run + ["--threads", "0"]) == "Error: --threads must be at least 1")
        #expect(try firstLine(run + ["--batch", "0"]) == "Error: --batch must be at least 1")
        #expect(try firstLine(run + ["--budget", "0"]) == "Error: --budget must be at least 1")
        #expect(try firstLine(run + ["--min-utilization", "1.5"]) == "Error: --min-utilization must be between 0 and 1")
        #expect(try firstLine(run + ["--time-limit=-1"]) == "Error: --time-limit must be a positive number of seconds")
        #expect(try firstLine(["compare", "workloads/alexnet.yaml"])
                == "Error: give at least one architecture and the workload, e.g. 'dfsim compare arch/eyeriss_256.yaml workloads/alexnet.yaml --dataflows all'")
        #expect(try firstLine(["compare", "arch/eyeriss_like.yaml", "workloads/alexnet.yaml", "--objective", "area"])
                == "Error: The value 'area' is invalid for '--objective <objective>'. Please provide one of 'edp', 'energy' or 'latency'.")
    }
}
