import DFSim
import DFSimSpec
import Foundation

/// `swift run -c release dfsim-bench`: how long one cost-model evaluation takes, and how long the
/// exact mapper takes on AlexNet on arch/eyeriss_like.yaml (wall time, evaluations per second per core).
/// `swift run -c release dfsim-bench matrix`: every bundled architecture × workload × objective
/// (``BenchmarkMatrix``).
func measure(_ label: String, einsum: Einsum, arch: Architecture, mapping: Mapping, iterations: Int) {
    var sink = 0.0
    let context = EvaluationContext(einsum: einsum, architecture: arch) // once per layer, as a mapper would
    for _ in 0..<1000 { sink += context.evaluate(mapping).energyPJ }
    let clock = ContinuousClock()
    let elapsed = clock.measure {
        for _ in 0..<iterations { sink += context.evaluate(mapping).energyPJ }
    }
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    let perEval = seconds / Double(iterations)
    print(String(format: "%-40@ %8.3f µs per evaluation (%.0f evaluations/s, %d runs)",
                 label as NSString, perEval * 1e6, 1 / perEval, iterations))
    if sink.isNaN { print("") }
}

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
if CommandLine.arguments.dropFirst().first == "matrix" {
    do {
        try BenchmarkMatrix(arguments: Array(CommandLine.arguments.dropFirst(2)), root: packageRoot).run()
        exit(0)
    } catch {
        print("error: \(error)")
        exit(2)
    }
}

do {
    let root = packageRoot
    let arch = try ArchitectureSpec.load(root.appendingPathComponent("arch/eyeriss_45nm.yaml").path)
    let alexnet = try WorkloadSpec.load(root.appendingPathComponent("workloads/alexnet.yaml").path)
    guard let conv3 = alexnet.layer(named: "conv3")?.einsum else { fatalError("alexnet has no conv3") } // invariant: bundled file
    let mapping = try MappingSpec.load(root.appendingPathComponent("examples/alexnet_conv3_eyeriss_45nm.yaml").path,
                                       einsum: conv3, architecture: arch)
    measure("AlexNet conv3 on eyeriss_45nm", einsum: conv3, arch: arch, mapping: mapping, iterations: 200_000)
    let caseDir = root.appendingPathComponent("Tests/Reference/cases/case-001").standardized
    if FileManager.default.fileExists(atPath: caseDir.path) {
        let a = try ArchitectureSpec.load(caseDir.appendingPathComponent("arch.yaml").path)
        let w = try WorkloadSpec.load(caseDir.appendingPathComponent("workload.yaml").path)
        if let e = w.mappedLayers.first?.einsum {
            let m = try MappingSpec.load(caseDir.appendingPathComponent("mapping.yaml").path, einsum: e, architecture: a)
            measure("case-001 (eyeriss_like, Timeloop ref.)", einsum: e, arch: a, mapping: m, iterations: 200_000)
        }
    }
    let eyeriss = try ArchitectureSpec.load(root.appendingPathComponent("arch/eyeriss_like.yaml").path)
    let threads = ProcessInfo.processInfo.activeProcessorCount
    let start = Date()
    let results = try NetworkSearch(workload: alexnet, architecture: eyeriss, threads: threads)
        .run(clock: { Date().timeIntervalSince(start) })
    let wall = Date().timeIntervalSince(start)
    let evaluated = results.filter { $0.sharedWith == nil }.reduce(0) { $0 + $1.result.statistics.evaluated }
    print(String(format: "dfsim run arch/eyeriss_like.yaml workloads/alexnet.yaml: %.2f s wall on %d threads, %d mappings evaluated, %.0f evaluations/s per core",
                 wall, threads, evaluated, Double(evaluated) / wall / Double(threads)))
    for r in results {
        print(String(format: "  %-6@ %.3f pJ/MAC  %.2f s", r.layer.name as NSString, r.result.evaluation.energyPerMAC, r.seconds))
    }
} catch {
    print(error)
    exit(1)
}
