import ArgumentParser
import DFSim
import DFSimResults
import Foundation

/// `dfsim merge DIR…`: combines the folders of a sweep's shards into what one run would have written.
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Combine sweep shard folders into one (byte for byte what an unsharded run writes).",
        discussion: "Reads each folder's manifest.json and points.jsonl only; refuses folders of different sweeps. When points are missing it still writes the merged points.jsonl, names what is missing and exits with 1; running the sweep into the merged folder computes the rest.")

    @Argument(help: "Results folders of one sweep (e.g. results/sweep-x/shard-*).") var folders: [String]
    @Option(help: "Output folder (default: results/sweep-<name>).") var out: String?
    @Flag(help: "Also write <out>/report.html (see 'dfsim report').") var html = false

    func validate() throws {
        guard !folders.isEmpty else { throw ValidationError("name at least one sweep results folder") }
    }

    func run() throws {
        try reportingSpecErrors {
            let (folder, outcome) = try SweepMerge(folders: folders).write(to: out, warning: { printError("warning: \($0)") })
            let merged = outcome.manifest
            guard let files = outcome.files else {
                let missing = outcome.missing
                printError("error: \(missing.count) of \(merged.points.count * merged.workloads.count) runs are missing (\(missing.prefix(5).joined(separator: ", "))\(missing.count > 5 ? ", …" : "")); "
                           + "wrote the \(outcome.present) present to \(folder)/points.jsonl: run 'dfsim sweep SWEEP.yaml --out \(folder)' to compute the rest")
                throw ExitCode(1)
            }
            print("merged \(folders.count) folders: \(merged.points.count) points × \(merged.workloads.count) workloads, "
                  + "\(files.analysis.pareto.filter { $0 }.count) on the Pareto front")
            print("wrote \(folder)/ (\(SweepFiles.fileNames.joined(separator: ", ")), points.jsonl, manifest.json)")
            if html { print("wrote \(try writeHTMLReport(folder: folder).path)") }
        }
    }
}
