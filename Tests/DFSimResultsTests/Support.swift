import DFSim
import DFSimResults
import DFSimSpec
import Foundation

/// Tiny designs and workloads whose searches take milliseconds, written to a temporary folder.
enum Support {
    static let architecture = """
        dfsim: 1
        name: tiny_arch
        clock_mhz: 500
        compute: {op: int_mac, energy_pj: 1.0}
        levels:
          - {name: DRAM, kind: dram, read_energy: 200, write_energy: 220}
          - {name: GLB, kind: sram, size: 1024, read_energy: 6.1, write_energy: 6.3, bandwidth: 8}
          - {name: RF, kind: regfile, size: 64, spatial: {x: 4, y: 4}, read_energy: 1.1, write_energy: 1.2}
        """
    /// Two layers, one of them with commas and quotes in its name.
    static let workload = """
        dfsim: 1
        name: two
        layers:
          - {name: "fc, first \\"a\\"", linear: {in: 8, out: 4}}
          - {name: c, conv2d: {in: [2, 4, 4], out: 2, kernel: 3}}
        """
    static let sweep = """
        dfsim: 1
        name: small
        arch: arch.yaml
        workloads: [two.yaml]
        vary:
          levels.GLB.size: [128, 1 KiB]
          levels.RF.spatial.x: [1, 2, 4]
        points:
          - {levels.RF.spatial.x: 3, levels.RF.spatial.y: 5, min_utilization: 1.0}
        """

    /// A fresh folder holding `arch.yaml`, `two.yaml` and `small.yaml`.
    static func folder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dfsim-results-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in [("arch.yaml", architecture), ("two.yaml", workload), ("small.yaml", sweep)] {
            try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return dir
    }

    /// The optimal mappings of `two.yaml` on `arch.yaml` (in `dir`) under `preset`.
    static func run(in dir: URL, preset: DataflowPreset? = nil, objective: Objective = .edp) throws -> RunOutput {
        let architecture = try ArchitectureSpec.load(dir.appendingPathComponent("arch.yaml").path, dataflow: preset)
        let workload = try WorkloadSpec.load(dir.appendingPathComponent("two.yaml").path)
        let results = try NetworkSearch(workload: workload, architecture: architecture, objective: objective,
                                        dataflow: preset, threads: 1).run(clock: { 0 })
        return RunOutput(architecture: architecture, workload: workload, results: results, objective: objective,
                         dataflow: preset?.rawValue, elapsed: 0.5, threads: 1)
    }

    static func text(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }
}
