import Foundation

/// Small hand-written results folders: run folders in the shape `dfsim run` writes, and compare
/// and sweep folders in the shape of their contracts (docs/report.md).
enum Fixtures {
    /// A fresh temporary folder.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dfsim-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func write(_ text: String, to name: String, in folder: URL) throws {
        let url = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    static func json(_ value: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys]), as: UTF8.self)
    }

    static let levels = ["DRAM", "GLB", "RF"]

    /// One layer of details.json; `scale` multiplies every count and energy.
    static func layer(_ name: String, scale: Double, throttled: Bool = false, sharedWith: String? = nil) -> [String: Any] {
        let macs = Int(1000 * scale)
        func tensor(_ role: String, _ t: String, _ energy: Double, reuse: Double) -> [String: Any] {
            ["role": role, "tensor": t, "utilized_capacity": 16, "instances": 1, "partition_size": 16,
             "reads": Int(100 * scale), "fills": Int(10 * scale), "updates": 0, "energy_pj": energy * scale, "reuse_factor": reuse]
        }
        let dram = [tensor("weights", "W", 300, reuse: 1), tensor("inputs", "I", 200, reuse: 1), tensor("outputs", "O", 100, reuse: 1)]
        let glb = [tensor("inputs", "I", 40, reuse: 12.5), tensor("outputs", "O", 30, reuse: 4)]
        let rf = [tensor("weights", "W", 10, reuse: 250), tensor("outputs", "O", 5, reuse: 1500)]
        let energy = (600.0 + 70 + 15 + 20) * scale
        let cycles = Int(100 * scale) * (throttled ? 2 : 1)
        return [
            "name": name, "einsum": "O[m,p] += I[c,p] * W[m,c]", "macs": macs, "energy_pj": energy,
            "pj_per_mac": energy / Double(macs), "cycles": cycles, "latency_us": Double(cycles) / 1000,
            "utilization": Double(macs) / (16 * Double(cycles)), "compute_cycles": Int(100 * scale),
            "spatial_utilization": 0.625, "dram_accesses_per_mac": 0.25 / scale.squareRoot(),
            "dram_arithmetic_intensity": 2 * scale.squareRoot(),
            "mapping": ["DRAM": ["temporal": [["m": 2]]],
                        "GLB": ["temporal": [["p": 5], ["c": 2]], "spatial": [["m": "2 y"], ["p": "5 x"]]],
                        "RF": ["temporal": [["c": 10]]]],
            "compute": ["energy_pj": 20 * scale, "instances": 10, "total_instances": 16, "energy_per_mac_pj": 0.02],
            "levels": [
                ["name": "DRAM", "energy_pj": 600 * scale, "instances": 1, "cycles": cycles, "bandwidth_throttling": 1.0, "tensors": dram],
                ["name": "GLB", "energy_pj": 70 * scale, "instances": 1, "cycles": cycles, "bandwidth_throttling": 1.0, "tensors": glb],
                ["name": "RF", "energy_pj": 15 * scale, "instances": 10, "cycles": cycles, "bandwidth_throttling": 1.0, "tensors": rf],
            ],
            "search": ["proven_optimal": true, "shared_with": sharedWith.map { $0 as Any } ?? NSNull()],
        ]
    }

    /// details.json of a run over `layers` (name, scale); `architecture: false` leaves the object out.
    static func details(arch: String = "tiny_arch", layers: [(String, Double)], architecture: Bool = true,
                        dramBandwidth: Double? = 2) throws -> String {
        let bandwidth: Any = dramBandwidth.map { $0 as Any } ?? NSNull()
        var layerObjects = layers.map { layer($0.0, scale: $0.1, throttled: $0.1 > 3) }
        if layerObjects.count > 2, let first = layerObjects.first?["name"] as? String {
            layerObjects[2]["search"] = ["proven_optimal": true, "shared_with": first]
        }
        let macs = layerObjects.reduce(0) { $0 + ($1["macs"] as? Int ?? 0) }
        let energy = layerObjects.reduce(0.0) { $0 + ($1["energy_pj"] as? Double ?? 0) }
        let cycles = layerObjects.reduce(0) { $0 + ($1["cycles"] as? Int ?? 0) }
        var object: [String: Any] = [
            "arch": arch, "workload": "tiny", "objective": "edp", "dataflow": NSNull(), "layers": layerObjects,
            "total": ["macs": macs, "energy_pj": energy, "cycles": cycles, "latency_s": Double(cycles) * 1e-9,
                      "edp": energy * Double(cycles)],
        ]
        if architecture {
            object["architecture"] = [
                "name": arch, "total_pes": 16, "clock_mhz": 1000.0, "word_bits": 16,
                "levels": [
                    ["name": "DRAM", "kind": "dram", "instances": 1, "size_words": NSNull(), "word_bits": 16,
                     "bandwidth": bandwidth, "read_bandwidth": bandwidth,
                     "write_bandwidth": bandwidth],
                    ["name": "GLB", "kind": "sram", "instances": 1, "size_words": 1024, "word_bits": 16,
                     "bandwidth": NSNull(), "read_bandwidth": 16.0, "write_bandwidth": 16.0],
                    ["name": "RF", "kind": "regfile", "instances": 16, "size_words": 64, "word_bits": 16,
                     "bandwidth": NSNull(), "read_bandwidth": NSNull(), "write_bandwidth": NSNull()],
                ],
            ]
        }
        return try json(object)
    }

    static let runLayers: [(String, Double)] = [("conv1", 1), ("conv<2>&\"x\"", 4), ("conv3", 1), ("fc", 0.5)]

    static func runFolder() throws -> URL {
        let folder = try temporaryFolder()
        try write(try details(layers: runLayers), to: "details.json", in: folder)
        return folder
    }

    /// Two variants; the baseline is "rs".
    static func compareFolder() throws -> URL {
        let folder = try temporaryFolder()
        try write(try details(layers: [("conv1", 1), ("conv2", 2)]), to: "rs/details.json", in: folder)
        try write(try details(arch: "other", layers: [("conv1", 1.5), ("conv2", 1)], dramBandwidth: nil), to: "ws/details.json", in: folder)
        try write(try json([
            "workload": "tiny", "baseline": "rs",
            "variants": [["name": "rs", "arch": "tiny_arch", "dataflow": "row_stationary", "folder": "rs"],
                         ["name": "ws", "arch": "other", "dataflow": NSNull(), "folder": "ws"]],
        ]), to: "compare.json", in: folder)
        return folder
    }

    /// Eight points on a grid of PEs × GLB size; p1, p3 and p6 are Pareto-optimal.
    static func sweepFolder() throws -> URL {
        let folder = try temporaryFolder()
        let grid: [(pes: Int, glb: Int, energy: Double, cycles: Int, pareto: Bool)] = [
            (16, 1024, 9e6, 90_000, false), (16, 4096, 6e6, 80_000, true), (64, 1024, 8e6, 40_000, false),
            (64, 4096, 7e6, 30_000, true), (256, 1024, 9.5e6, 20_000, false), (256, 4096, 8.5e6, 12_000, false),
            (1024, 4096, 2e7, 5_000, true), (1024, 1024, 3e7, 9_000, false),
        ]
        let points: [[String: Any]] = grid.enumerated().map { i, g in
            ["id": "p\(i)", "params": ["pes": g.pes, "glb": "\(g.glb) words"], "workload": "tiny",
             "energy_pj": g.energy, "cycles": g.cycles, "latency_s": Double(g.cycles) * 1e-9, "edp": g.energy * Double(g.cycles),
             "macs": 100_000, "pj_per_mac": g.energy / 100_000, "pes": g.pes, "onchip_words": g.glb + g.pes * 64, "pareto": g.pareto]
        }
        try write(try json(["sweep": "pe-glb <grid>", "parameters": ["pes", "glb"], "points": points,
                            "best": ["energy": "p1", "latency": "p6", "edp": "p3"]]), to: "sweep.json", in: folder)
        return folder
    }
}
