import Yams

/// What kind of spec a YAML file holds, judged by its top-level keys.
public enum SpecFileKind: String, Sendable {
    case architecture, workload, mapping, energyTable, sweep

    /// The kind of the file at `path`: `levels` → architecture, `layers` → workload, `mapping` →
    /// mapping, `dram` and `sram` → energy table, `arch` with `vary` or `points` → sweep. Unreadable or unrecognised files throw the
    /// diagnostic a loader would print.
    public static func detect(_ path: String) throws(SpecError) -> SpecFileKind {
        let (reader, node) = try SpecReader.load(path)
        guard case .mapping(let mapping) = node else {
            throw SpecError([Diagnostic(file: reader.file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1,
                                        message: "a spec file is a mapping of keys (dfsim: 1, …), got \(reader.describe(node))")])
        }
        let keys = Set(mapping.keys.compactMap(\.string))
        if keys.contains("arch") && (keys.contains("vary") || keys.contains("points")) { return .sweep }
        if keys.contains("levels") { return .architecture }
        if keys.contains("layers") { return .workload }
        if keys.contains("mapping") { return .mapping }
        if keys.contains("dram") && keys.contains("sram") { return .energyTable }
        throw SpecError([Diagnostic(file: reader.file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1,
                                    message: "cannot tell what this file describes",
                                    hint: "an architecture has 'levels:', a workload 'layers:', a mapping 'mapping:', a sweep 'arch:' and 'vary:'")])
    }
}
