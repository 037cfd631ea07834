import DFSim

/// The JSON of docs/format.md §5.2 for one evaluated layer.
func evaluationJSON(layer: String, einsum: Einsum, architecture: Architecture, mapping: Mapping,
                    evaluation e: Evaluation) -> JSONValue {
    let levels: [JSONValue] = e.levels.map { level in
        .object([
            ("name", .string(level.name)),
            ("energy_pj", .double(level.energyPJ)),
            ("instances", .int(level.instances)),
            ("cycles", .int(level.cycles)),
            ("bandwidth_throttling", .double(level.bandwidthThrottling)),
            ("tensors", .array(level.tensors.map { t in
                .object([
                    ("role", .string(t.role.rawValue)),
                    ("tensor", .string(t.tensor)),
                    ("utilized_capacity", .int(t.utilizedCapacity)),
                    ("instances", .int(t.instances)),
                    ("partition_size", .int(t.partitionSize)),
                    ("reads", .int(t.reads)),
                    ("fills", .int(t.fills)),
                    ("updates", .int(t.updates)),
                    ("energy_pj", .double(t.energyPJ)),
                    ("reuse_factor", .double(t.reuseFactor)),
                ])
            })),
        ])
    }
    return .object([
        ("name", .string(layer)),
        ("einsum", .string(einsum.description)),
        ("macs", .int(e.macs)),
        ("energy_pj", .double(e.energyPJ)),
        ("pj_per_mac", .double(e.energyPerMAC)),
        ("cycles", .int(e.cycles)),
        ("latency_us", .double(Double(e.cycles) / architecture.clockMHz)),
        ("utilization", .double(e.utilization)),
        ("compute_cycles", .int(e.computeCycles)),
        ("spatial_utilization", .double(e.spatialUtilization)),
        ("dram_accesses_per_mac", .double(e.dramAccessesPerMAC)),
        ("dram_arithmetic_intensity", .double(e.dramArithmeticIntensity)),
        ("mapping", mappingJSON(mapping, einsum: einsum, architecture: architecture)),
        ("compute", .object([
            ("energy_pj", .double(e.computeEnergyPJ)),
            ("instances", .int(e.utilizedPEs)),
            ("total_instances", .int(e.totalPEs)),
            ("energy_per_mac_pj", .double(architecture.compute.energyPerMAC)),
        ])),
        ("network", .object([
            ("energy_pj", .double(e.networkEnergyPJ)),
            ("transfer_energy_pj", .double(architecture.networkTransferEnergy)),
        ])),
        ("levels", .array(levels)),
    ])
}

/// A mapping as JSON: per level, its temporal and spatial loops (the structure of docs/format.md §3).
func mappingJSON(_ mapping: Mapping, einsum: Einsum, architecture: Architecture) -> JSONValue {
    var pairs: [(String, JSONValue)] = []
    for (index, level) in mapping.levels.enumerated() where !level.temporal.isEmpty || !level.spatial.isEmpty {
        var body: [(String, JSONValue)] = []
        if !level.temporal.isEmpty {
            body.append(("temporal", .array(level.temporal.map { .object([(einsum.dims[$0.dim].name, .int($0.factor))]) })))
        }
        if !level.spatial.isEmpty {
            body.append(("spatial", .array(level.spatial.map {
                .object([(einsum.dims[$0.dim].name, .string("\($0.factor) \($0.axis.rawValue)"))])
            })))
        }
        pairs.append((architecture.levels[index].name, .object(body)))
    }
    return .object(pairs)
}

/// The architecture facts a report needs that the per-layer numbers do not carry (the roofline's
/// peak and DRAM bandwidth, each level's physical size): `name`, `total_pes`, `clock_mhz`,
/// `word_bits` (the default datum width) and per level, outermost first, `name`, `kind`,
/// `instances` (physical instances: the product of the fan-outs at and above the level),
/// `size_words` (`null` = unbounded), `word_bits`, and bandwidths in words/cycle per instance
/// (`null` = unlimited): `bandwidth` (reads and writes together), `read_bandwidth` and
/// `write_bandwidth` (the limit on reads alone and on fills + updates alone: the tighter of the
/// separate and the shared limit).
func architectureJSON(_ architecture: Architecture) -> JSONValue {
    func limit(_ separate: Double?, _ shared: Double?) -> JSONValue {
        switch (separate, shared) {
        case let (s?, t?): return .double(min(s, t))
        case let (s?, nil), let (nil, s?): return .double(s)
        case (nil, nil): return .null
        }
    }
    let levels: [JSONValue] = architecture.levels.indices.map { index in
        let level = architecture.levels[index]
        return .object([
            ("name", .string(level.name)),
            ("kind", .string(level.kind.rawValue)),
            ("instances", .int(architecture.physicalInstances(ofLevel: index))),
            ("size_words", level.sizeWords.map { .int($0) } ?? .null),
            ("word_bits", .int(level.wordBits)),
            ("bandwidth", level.bandwidth.shared.map { .double($0) } ?? .null),
            ("read_bandwidth", limit(level.bandwidth.read, level.bandwidth.shared)),
            ("write_bandwidth", limit(level.bandwidth.write, level.bandwidth.shared)),
        ])
    }
    return .object([
        ("name", .string(architecture.name)),
        ("total_pes", .int(architecture.totalPEs)),
        ("clock_mhz", .double(architecture.clockMHz)),
        ("word_bits", .int(architecture.wordBits)),
        ("levels", .array(levels)),
    ])
}
