/// The dfsim files as text.
extension TimeloopTranslator {
    func output() -> TimeloopImport {
        var sources = "architecture: \(files.architecture)"
        if let e = files.energyTable { sources += ", energies: \(e)" }
        let header = ["dfsim: 1", "# imported from Timeloop by 'dfsim import timeloop' (\(sources))"]
            + notes.map { "# note: \($0)" }

        // Architecture.
        var a = header
        a.append("name: \(YAMLText.quoted(name))")
        a.append("description: \(YAMLText.quoted("Timeloop design imported from \(files.architecture); energies per word = ERT energy / block size"))")
        a.append("energy_table: horowitz45")
        let topBits = levels.first?.wordBits ?? 16
        a.append("word_bits: \(topBits)")
        a.append("compute: {op: \(computeOp), energy_pj: \(YAMLText.number(computeEnergy))}")
        a.append("levels:")
        for (j, level) in levels.enumerated() {
            a.append("- name: \(YAMLText.quoted(level.name))")
            if let s = level.spatial {
                a.append("  spatial: {x: \(s.x), y: \(s.y)}")
                if level.perAxis { a.append("  sharing: per_axis   # Timeloop nests one-axis containers here: no diagonal sharing") }
                a.append("  network: {multicast: true, reduction: true}")
            }
            a.append("  kind: \(level.kind)")
            if let size = level.size { a.append("  size: \(size)") }
            if level.wordBits != topBits { a.append("  word_bits: \(level.wordBits)") }
            if let keep = level.keep {
                a.append("  keep: [" + ["weights", "inputs", "outputs"].filter(keep.contains).joined(separator: ", ") + "]")
            } else {
                a.append(j == 0 ? "  keep: all" : "  keep: auto")
            }
            a.append("  read_energy: \(YAMLText.number(level.readEnergy))")
            a.append("  write_energy: \(YAMLText.number(level.writeEnergy))")
            a.append("  update_energy: \(YAMLText.number(level.updateEnergy))")
            if let b = level.bandwidth { a.append("  bandwidth: \(YAMLText.number(b))") }
            if let r = level.readBandwidth { a.append("  read_bandwidth: \(YAMLText.number(r))") }
            if let w = level.writeBandwidth { a.append("  write_bandwidth: \(YAMLText.number(w))") }
        }
        let constrained = levels.filter { !$0.constraints.isEmpty }
        if !constrained.isEmpty {
            a.append("constraints:")
            for level in constrained {
                a.append("  \(YAMLText.quoted(level.name)): {" + level.constraints.joined(separator: ", ") + "}")
            }
        }

        let workload = problem.workloadYAML(name: name, source: files.problem)

        // Mapping.
        var mapping: String?
        if hasMapping, let m = files.mapping {
            var lines = ["dfsim: 1", "# imported from Timeloop by 'dfsim import timeloop' (mapping: \(m))",
                         "layer: \(YAMLText.quoted(problem.name))", "arch: \(YAMLText.quoted(name))",
                         "workload: \(YAMLText.quoted(name))", "mapping:"]
            for level in levels {
                var parts: [String] = []
                if !level.temporal.isEmpty {
                    parts.append("temporal: [" + level.temporal.map { "\($0.dim): \($0.factor)" }.joined(separator: ", ") + "]")
                }
                let spatial = level.spatialY.map { "\($0.dim): \($0.factor) y" } + level.spatialX.map { "\($0.dim): \($0.factor) x" }
                if !spatial.isEmpty { parts.append("spatial: [" + spatial.joined(separator: ", ") + "]") }
                guard !parts.isEmpty else { continue }
                lines.append("  \(YAMLText.quoted(level.name)): {" + parts.joined(separator: ", ") + "}")
            }
            if lines.last == "mapping:" { lines[lines.count - 1] = "mapping: {}" }
            mapping = lines.joined(separator: "\n") + "\n"
        }
        return TimeloopImport(architectureYAML: a.joined(separator: "\n") + "\n", workloadYAML: workload,
                              mappingYAML: mapping, notes: notes)
    }
}
