import DFSim
import DFSimResultsFormat

extension RunResults.LayerResult {
    /// One evaluated layer as `details.json` holds it (docs/format.md §5.2), without `search`.
    public init(layer: String, einsum: Einsum, architecture: Architecture, mapping: Mapping, evaluation e: Evaluation) {
        let levels = e.levels.map { level in
            RunResults.LevelResult(
                name: level.name, energyPJ: level.energyPJ, instances: level.instances, cycles: level.cycles,
                bandwidthThrottling: level.bandwidthThrottling,
                tensors: level.tensors.map { t in
                    RunResults.TensorResult(role: t.role.rawValue, tensor: t.tensor, utilizedCapacity: t.utilizedCapacity,
                                            instances: t.instances, partitionSize: t.partitionSize, reads: t.reads, fills: t.fills,
                                            updates: t.updates, energyPJ: t.energyPJ, reuseFactor: t.reuseFactor)
                })
        }
        self.init(name: layer, einsum: einsum.description, macs: e.macs, energyPJ: e.energyPJ, pjPerMAC: e.energyPerMAC,
                  cycles: e.cycles, latencyMicroseconds: Double(e.cycles) / architecture.clockMHz, utilization: e.utilization,
                  computeCycles: e.computeCycles, spatialUtilization: e.spatialUtilization,
                  dramAccessesPerMAC: e.dramAccessesPerMAC, dramArithmeticIntensity: e.dramArithmeticIntensity,
                  mapping: Self.loops(of: mapping, einsum: einsum, architecture: architecture),
                  compute: .init(energyPJ: e.computeEnergyPJ, instances: e.utilizedPEs, totalInstances: e.totalPEs,
                                 energyPerMACPJ: architecture.compute.energyPerMAC),
                  network: .init(energyPJ: e.networkEnergyPJ, transferEnergyPJ: architecture.networkTransferEnergy),
                  levels: levels, search: nil)
    }

    /// A mapping as `details.json` holds it: per level with loops, outermost first, its temporal
    /// loops (`{dim: factor}`) and spatial loops (`{dim: "factor axis"}`).
    public static func loops(of mapping: Mapping, einsum: Einsum, architecture: Architecture) -> OrderedObject<RunResults.MappingLevel> {
        var entries: [(key: String, value: RunResults.MappingLevel)] = []
        for (index, level) in mapping.levels.enumerated() where !level.temporal.isEmpty || !level.spatial.isEmpty {
            let temporal = level.temporal.map { [einsum.dims[$0.dim].name: $0.factor] }
            let spatial = level.spatial.map { [einsum.dims[$0.dim].name: "\($0.factor) \($0.axis.rawValue)"] }
            entries.append((architecture.levels[index].name, .init(temporal: temporal, spatial: spatial)))
        }
        return OrderedObject(entries)
    }
}

extension RunResults.ArchitectureFacts {
    /// The architecture facts a report needs that the per-layer numbers do not carry (the
    /// roofline's peak and DRAM bandwidth, each level's physical size).
    public init(_ architecture: Architecture) {
        func limit(_ separate: Double?, _ shared: Double?) -> Double? {
            switch (separate, shared) {
            case let (s?, t?): return min(s, t)
            case let (s?, nil), let (nil, s?): return s
            case (nil, nil): return nil
            }
        }
        let levels = architecture.levels.indices.map { index in
            let level = architecture.levels[index]
            return Level(name: level.name, kind: level.kind.rawValue, instances: architecture.physicalInstances(ofLevel: index),
                         sizeWords: level.sizeWords, wordBits: level.wordBits, bandwidth: level.bandwidth.shared,
                         readBandwidth: limit(level.bandwidth.read, level.bandwidth.shared),
                         writeBandwidth: limit(level.bandwidth.write, level.bandwidth.shared))
        }
        self.init(name: architecture.name, totalPEs: architecture.totalPEs, clockMHz: architecture.clockMHz,
                  wordBits: architecture.wordBits, levels: levels)
    }
}
