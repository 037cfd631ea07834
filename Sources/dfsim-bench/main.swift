import DFSim
import DFSimSpec
import Foundation

/// `swift run -c release dfsim-bench`: how long one cost-model evaluation takes.
///
/// Evaluates the README's AlexNet conv3 mapping on arch/eyeriss_45nm.yaml (and the Timeloop
/// eyeriss_like reference case, if present) many times and prints the mean time per evaluation.
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

do {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let arch = try ArchitectureSpec.load(root.appendingPathComponent("arch/eyeriss_45nm.yaml").path)
    let alexnet = try WorkloadSpec.load(root.appendingPathComponent("workloads/alexnet.yaml").path)
    guard let conv3 = alexnet.layer(named: "conv3")?.einsum else { fatalError("alexnet has no conv3") } // invariant: bundled file
    let mapping = try MappingSpec.load(root.appendingPathComponent("examples/alexnet_conv3_eyeriss_45nm.yaml").path,
                                       einsum: conv3, architecture: arch)
    measure("AlexNet conv3 on eyeriss_45nm", einsum: conv3, arch: arch, mapping: mapping, iterations: 200_000)
    let caseDir = root.appendingPathComponent("../shared/reference/cases/case-001").standardized
    if FileManager.default.fileExists(atPath: caseDir.path) {
        let a = try ArchitectureSpec.load(caseDir.appendingPathComponent("arch.yaml").path)
        let w = try WorkloadSpec.load(caseDir.appendingPathComponent("workload.yaml").path)
        if let e = w.mappedLayers.first?.einsum {
            let m = try MappingSpec.load(caseDir.appendingPathComponent("mapping.yaml").path, einsum: e, architecture: a)
            measure("case-001 (eyeriss_like, Timeloop ref.)", einsum: e, arch: a, mapping: m, iterations: 200_000)
        }
    }
} catch {
    print(error)
    exit(1)
}
