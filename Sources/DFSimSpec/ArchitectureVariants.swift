import DFSim
import Foundation
import Yams

/// Per-dataflow variants of one architecture (`dataflow_variants:`): the same design point, with
/// its storage split differently for each dataflow, as in the Eyeriss paper's comparison where
/// every dataflow gets the same total storage area but divides it between register files and the
/// global buffer as it needs.
///
/// ```yaml
/// dataflow_variants:
///   weight_stationary:
///     description: 1-word weight register per PE; the rest of the area goes to the buffer
///     levels: [...]          # replaces the base levels
///     constraints: {...}     # replaces the base constraints (the preset still applies)
/// ```
/// A variant replaces whole top-level sections (`levels`, `constraints`, `min_utilization`,
/// `description`) and sets `dataflow:` to its preset; everything else is the base's.
extension ArchitectureSpec {
    static let variantKeys = ["description", "levels", "constraints", "min_utilization"]

    /// Loads the architecture at `path` as it is set up for `dataflow`: the file's variant for that
    /// preset when it has one, otherwise the base architecture (the caller applies the preset).
    public static func load(_ path: String, dataflow: DataflowPreset?) throws(SpecError) -> Architecture {
        try read(path, dataflow: dataflow).architecture
    }

    /// The presets the file at `path` has variants for, in file order (empty when it has none or
    /// cannot be read; `load` reports such problems).
    public static func variantDataflows(_ path: String) -> [DataflowPreset] {
        guard let (_, node) = try? SpecReader.load(path), let variants = node.mapping?["dataflow_variants"]?.mapping else { return [] }
        return variants.compactMap { $0.key.string.flatMap(DataflowPreset.init(name:)) }
    }

    /// The base tree with the variant's sections in place of the base's and `dataflow:` set.
    static func variantNode(_ root: Node, for preset: DataflowPreset) -> Node? {
        guard var top = root.mapping, let variants = top["dataflow_variants"]?.mapping,
              let variant = variants.first(where: { $0.key.string.flatMap(DataflowPreset.init(name:)) == preset })?.value.mapping
        else { return nil }
        top["dataflow_variants"] = nil
        for (key, value) in variant {
            guard let name = key.string else { continue }
            if name == "description", let base = top["description"]?.string, let extra = value.string {
                top["description"] = .scalar(Node.Scalar("\(base) [\(preset.rawValue) variant: \(extra)]", .implicit, .any, value.mark))
            } else {
                top[name] = value
            }
        }
        top["dataflow"] = .scalar(Node.Scalar(preset.rawValue))
        return .mapping(top)
    }

    /// Validates `dataflow_variants:`: preset names, allowed keys, and each variant as a whole architecture.
    static func checkVariants(_ node: Node, root: Node, reader r: inout SpecReader, directory: String) {
        guard case .mapping(let entries) = node else {
            r.error(node, "'dataflow_variants' must map dataflow presets to variants, got \(r.describe(node))")
            return
        }
        let presets = DataflowPreset.allCases.map(\.rawValue)
        var variants: [(String, Node)] = []
        for (keyNode, value) in entries {
            let name = keyNode.string ?? ""
            guard DataflowPreset(name: name) != nil else {
                r.error(keyNode, "unknown dataflow '\(name)' in 'dataflow_variants'\(Suggestion.didYouMean(DataflowPreset.normalized(name), presets))",
                        hint: "presets: \(presets.joined(separator: ", ")) (or ws, os, is, rs, nlr)")
                continue
            }
            variants.append((name, value))
        }
        for (name, value) in variants {
            guard r.mapping(value, "the '\(name)' variant", keys: variantKeys) != nil,
                  let preset = DataflowPreset(name: name), let variant = variantNode(root, for: preset) else { continue }
            do {
                var inner = SpecReader(file: r.file, text: r.text)
                inner.origins = r.origins
                // Warnings of the variant's own sections (those of shared sections the base reports).
                let warnings = try read(variant, reader: inner, directory: directory).reader.warnings
                r.record(warnings.filter { w in !r.warnings.contains(w) }.map { d in
                    var d = d
                    d.message = "in the \(preset.rawValue) variant: " + d.message
                    return d
                })
            } catch {
                r.record(error.diagnostics.map { d in
                    var d = d
                    d.message = "in the \(preset.rawValue) variant: " + d.message
                    return d
                })
            }
        }
    }
}
