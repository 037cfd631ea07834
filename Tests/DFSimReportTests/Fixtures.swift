import DFSimResultsFormat
import Foundation

/// Small results folders built from the shared format types (``RunResults``, ``CompareFile``,
/// ``SweepResults``) and written with the writer's encoder, so fixtures and `dfsim` agree on the
/// schema by construction. Malformed files are written by hand in the tests that need them.
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

    /// Hand-written JSON (for files the format types cannot express: malformed or partial ones).
    static func json(_ value: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys]), as: UTF8.self)
    }

    /// A format value as the writer writes it.
    static func encoded<T: Encodable>(_ value: T) throws -> String { try OrderedJSONEncoder().text(value) }

    static let levels = ["DRAM", "GLB", "RF"]

    /// One layer of details.json; `scale` multiplies every count and energy.
    static func layer(_ name: String, scale: Double, throttled: Bool = false, sharedWith: String? = nil) -> RunResults.LayerResult {
        let macs = Int(1000 * scale)
        func tensor(_ role: String, _ t: String, _ energy: Double, reuse: Double) -> RunResults.TensorResult {
            .init(role: role, tensor: t, utilizedCapacity: 16, instances: 1, partitionSize: 16, reads: Int(100 * scale),
                  fills: Int(10 * scale), updates: 0, energyPJ: energy * scale, reuseFactor: reuse)
        }
        let dram = [tensor("weights", "W", 300, reuse: 1), tensor("inputs", "I", 200, reuse: 1), tensor("outputs", "O", 100, reuse: 1)]
        let glb = [tensor("inputs", "I", 40, reuse: 12.5), tensor("outputs", "O", 30, reuse: 4)]
        let rf = [tensor("weights", "W", 10, reuse: 250), tensor("outputs", "O", 5, reuse: 1500)]
        let energy = (600.0 + 70 + 15 + 20) * scale
        let cycles = Int(100 * scale) * (throttled ? 2 : 1)
        let mapping = OrderedObject<RunResults.MappingLevel>([
            ("DRAM", .init(temporal: [["m": 2]], spatial: nil)),
            ("GLB", .init(temporal: [["p": 5], ["c": 2]], spatial: [["m": "2 y"], ["p": "5 x"]])),
            ("RF", .init(temporal: [["c": 10]], spatial: nil)),
        ])
        func level(_ name: String, _ pj: Double, _ instances: Int, _ tensors: [RunResults.TensorResult]) -> RunResults.LevelResult {
            .init(name: name, energyPJ: pj * scale, instances: instances, cycles: cycles, bandwidthThrottling: 1, tensors: tensors)
        }
        return .init(name: name, einsum: "O[m,p] += I[c,p] * W[m,c]", macs: macs, energyPJ: energy, pjPerMAC: energy / Double(macs),
                     cycles: cycles, latencyMicroseconds: Double(cycles) / 1000, utilization: Double(macs) / (16 * Double(cycles)),
                     computeCycles: Int(100 * scale), spatialUtilization: 0.625, dramAccessesPerMAC: 0.25 / scale.squareRoot(),
                     dramArithmeticIntensity: 2 * scale.squareRoot(), mapping: mapping,
                     compute: .init(energyPJ: 20 * scale, instances: 10, totalInstances: 16, energyPerMACPJ: 0.02),
                     network: nil,
                     levels: [level("DRAM", 600, 1, dram), level("GLB", 70, 1, glb), level("RF", 15, 10, rf)],
                     search: .init(provenOptimal: true, sharedWith: sharedWith))
    }

    /// details.json of a run over `layers` (name, scale); `architecture: false` leaves the object out.
    static func details(arch: String = "tiny_arch", layers: [(String, Double)], architecture: Bool = true,
                        dramBandwidth: Double? = 2) throws -> String {
        var layerResults = layers.map { layer($0.0, scale: $0.1, throttled: $0.1 > 3) }
        if layerResults.count > 2 { layerResults[2].search = .init(provenOptimal: true, sharedWith: layerResults[0].name) }
        let macs = layerResults.reduce(0) { $0 + $1.macs }
        let energy = layerResults.reduce(0.0) { $0 + $1.energyPJ }
        let cycles = layerResults.reduce(0) { $0 + $1.cycles }
        let facts = RunResults.ArchitectureFacts(name: arch, totalPEs: 16, clockMHz: 1000, wordBits: 16, levels: [
            .init(name: "DRAM", kind: "dram", instances: 1, sizeWords: nil, wordBits: 16,
                  bandwidth: dramBandwidth, readBandwidth: dramBandwidth, writeBandwidth: dramBandwidth),
            .init(name: "GLB", kind: "sram", instances: 1, sizeWords: 1024, wordBits: 16, bandwidth: nil, readBandwidth: 16, writeBandwidth: 16),
            .init(name: "RF", kind: "regfile", instances: 16, sizeWords: 64, wordBits: 16, bandwidth: nil, readBandwidth: nil, writeBandwidth: nil),
        ])
        let run = RunResults(arch: arch, workload: "tiny", objective: "edp", dataflow: nil, architecture: architecture ? facts : nil,
                             layers: layerResults,
                             total: .init(macs: macs, energyPJ: energy, cycles: cycles, latencySeconds: Double(cycles) * 1e-9,
                                          edp: energy * Double(cycles), provenOptimal: true))
        return try encoded(run)
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
        let compare = CompareFile(workload: "tiny", batch: 1, objective: "edp", baseline: "rs", variants: [
            .init(name: "rs", arch: "tiny_arch", archFile: "arch/tiny.yaml", dataflow: "row_stationary", folder: "rs", pes: 16, onchipBytes: 3072),
            .init(name: "ws", arch: "other", archFile: "arch/other.yaml", dataflow: nil, folder: "ws", pes: 16, onchipBytes: 3072),
        ], layers: nil, total: nil)
        try write(try encoded(compare), to: "compare.json", in: folder)
        return folder
    }

    /// Eight points on a grid of PEs × GLB size; p1, p3, p5 and p6 are Pareto-optimal (in energy
    /// and latency, and flagged so over all four metrics).
    static func sweepFolder(plot: SweepResults.Plot? = nil) throws -> URL {
        let folder = try temporaryFolder()
        let grid: [(pes: Int, glb: Int, energy: Double, cycles: Int, pareto: Bool)] = [
            (16, 1024, 9e6, 90_000, false), (16, 4096, 6e6, 80_000, true), (64, 1024, 8e6, 40_000, false),
            (64, 4096, 7e6, 30_000, true), (256, 1024, 9.5e6, 20_000, false), (256, 4096, 8.5e6, 12_000, true),
            (1024, 4096, 2e7, 5_000, true), (1024, 1024, 3e7, 9_000, false),
        ]
        let points = grid.enumerated().map { i, g in
            SweepResults.Point(id: "p\(i)", params: OrderedObject([("pes", .integer(g.pes)), ("glb", .string("\(g.glb) words"))]),
                               workload: "tiny", energyPJ: g.energy, cycles: g.cycles, latencySeconds: Double(g.cycles) * 1e-9,
                               edp: g.energy * Double(g.cycles), macs: 100_000, pjPerMAC: g.energy / 100_000, pes: g.pes,
                               onchipWords: g.glb + g.pes * 64, pareto: g.pareto)
        }
        let sweep = SweepResults(sweep: "pe-glb <grid>", parameters: ["pes", "glb"], points: points,
                                 best: .init(energy: "p1", latency: "p6", edp: "p3"), plot: plot)
        try write(try encoded(sweep), to: "sweep.json", in: folder)
        return folder
    }
}
