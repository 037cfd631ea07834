import DFSimResultsFormat
/// The sections of a compare folder's report: the variants side by side (energy normalized to the
/// baseline, stacked by level and by tensor, per layer and in total; pJ/MAC and cycles tables),
/// then each variant's own run report.
struct ComparePage {
    let compare: CompareResults

    /// Letter of each variant ("A", "B", …), used under the bars.
    func letter(_ index: Int) -> String { letterLabel(index) }

    func layer(_ name: String, of variant: CompareResults.Variant) -> RunResults.LayerResult? {
        variant.run.layers.first { $0.name == name }
    }

    func render() -> String {
        [overview(), energyCharts(), tables(), variantSections()].joined(separator: "\n")
    }

    func overview() -> String {
        let base = compare.baselineVariant.run.total
        let rows = compare.variants.enumerated().map { index, v -> [HTMLTable.Cell] in
            let t = v.run.total
            let unit = DisplayUnit.energy(largestPJ: t.energyPJ)
            let edp = t.edp ?? t.energyPJ * Double(t.cycles)
            let baseEDP = base.edp ?? base.energyPJ * Double(base.cycles)
            return [.text(letter(index)), .html("<b>\(XML.escape(v.name))</b>" + (v.name == compare.baseline ? " (baseline)" : "")),
                    .text(v.arch), .text(v.dataflow ?? "—"),
                    .number("\(formatValue(unit(t.energyPJ))) \(unit.name)"), .number(ratio(t.energyPJ, base.energyPJ)),
                    .number(fixed(t.energyPJ / Double(max(t.macs, 1)), 3)), .number(groupedInt(t.cycles)),
                    .number(ratio(Double(t.cycles), Double(base.cycles))), .number(ratio(edp, baseEDP))]
        }
        let header: [HTMLTable.Cell] = [.text(""), .text("variant"), .text("architecture"), .text("dataflow"), .number("energy"),
                                         .number("energy ÷ baseline"), .number("pJ/MAC"), .number("cycles"),
                                         .number("cycles ÷ baseline"), .number("EDP ÷ baseline")]
        return "<p class=\"lead\">\(compare.variants.count) variants of <b>\(XML.escape(compare.workload))</b>, normalized to <b>\(XML.escape(compare.baseline))</b>.</p>\n"
            + "<h2>Variants</h2>\n" + HTMLTable(header: [header], rows: rows).render()
    }

    func ratio(_ value: Double, _ base: Double) -> String { base > 0 ? fixed(value / base, 3) : "—" }

    /// Every level name across the variants, outermost first per variant, de-duplicated.
    var levelNames: [String] {
        var names: [String] = []
        for v in compare.variants { for name in v.run.levelNames where !names.contains(name) { names.append(name) } }
        return names
    }

    /// Whether any variant prices network transfers (then every chart shows a network series).
    var hasNetwork: Bool { compare.variants.contains { v in v.run.layers.contains { $0.networkPJ > 0 } } }

    var roles: [String] {
        var roles: [String] = []
        for v in compare.variants {
            for layer in v.run.layers { for (role, _) in layer.energyByRole where !roles.contains(role) { roles.append(role) } }
        }
        return roles
    }

    /// Per layer (then "total"), per variant, the energy split by `keys` and normalized to the
    /// baseline's energy of the same layer.
    func groups(split: (RunResults.LayerResult) -> [Double]) -> [StackedBarChart.Group] {
        let base = compare.baselineVariant
        var groups = compare.layerNames.map { name -> StackedBarChart.Group in
            let reference = layer(name, of: base)?.energyPJ
                ?? compare.variants.lazy.compactMap { self.layer(name, of: $0)?.energyPJ }.first ?? 1
            let bars = compare.variants.enumerated().map { index, v -> StackedBarChart.Bar in
                guard let l = layer(name, of: v), reference > 0 else {
                    return .init(label: letter(index), values: [], totalLabel: nil, tooltip: "\(name) · \(v.name): not in this variant")
                }
                return .init(label: letter(index), values: split(l).map { $0 / reference }, totalLabel: fixed(l.energyPJ / reference, 2),
                             tooltip: "\(name) · \(v.name): \(fixed(l.energyPJ / reference, 3)) × baseline (\(fixed(l.pjPerMAC, 3)) pJ/MAC)")
            }
            return .init(label: name, bars: bars)
        }
        let baseTotal = base.run.total.energyPJ
        groups.append(.init(label: "total", bars: compare.variants.enumerated().map { index, v in
            var sums: [Double] = []
            for l in v.run.layers {
                let parts = split(l)
                if sums.count < parts.count { sums += Array(repeating: 0, count: parts.count - sums.count) }
                for (i, p) in parts.enumerated() { sums[i] += p }
            }
            let t = v.run.total.energyPJ
            return .init(label: letter(index), values: sums.map { baseTotal > 0 ? $0 / baseTotal : 0 },
                         totalLabel: baseTotal > 0 ? fixed(t / baseTotal, 2) : nil,
                         tooltip: "total · \(v.name): \(ratio(t, baseTotal)) × baseline")
        }))
        return groups
    }

    func energyCharts() -> String {
        let levels = levelNames
        let key = compare.variants.enumerated().map { "\(letter($0.offset)) = \($0.element.name)" }.joined(separator: " · ")
        let byLevel = StackedBarChart(
            chart: "compare-energy-by-level", label: "Energy per layer and variant by storage level, normalized to the baseline",
            series: levels.enumerated().map { Legend.Entry(label: $0.element, color: Palette.color($0.offset)) }
                + [Legend.Entry(label: "compute (MACs)", color: Palette.compute)]
                + (hasNetwork ? [Legend.Entry(label: "network", color: Palette.network)] : []),
            groups: groups { l in
                levels.map { name in l.levels.first { $0.name == name }?.energyPJ ?? 0 } + [l.compute.energyPJ] + (hasNetwork ? [l.networkPJ] : [])
            },
            yLabel: "energy ÷ baseline's (same layer)", unit: "× baseline",
            reference: (1, "the baseline (1.0)"), barKey: "bars: " + key)
        let roles = roles
        let byRole = StackedBarChart(
            chart: "compare-energy-by-tensor", label: "Energy per layer and variant by tensor, normalized to the baseline",
            series: roles.map { Legend.Entry(label: $0, color: Palette.role($0)) },
            groups: groups { l in
                let sums = Dictionary(l.energyByRole.map { ($0.role, $0.energyPJ) }, uniquingKeysWith: +)
                return roles.map { sums[$0] ?? 0 }
            },
            yLabel: "energy ÷ baseline's (same layer)", unit: "× baseline",
            reference: (1, "the baseline (1.0)"), barKey: "bars: " + key)
        let baseline = XML.escape(compare.baseline)
        return "<h2>Energy</h2>\n"
            + figure(byLevel.render(), caption: "Each layer's energy per variant, divided by the baseline's (\(baseline)) energy for the same layer, stacked by storage level plus the MACs; the last group is the whole network. Above each bar: energy ÷ baseline. Levels with the same name in different architectures share a colour.")
            + "\n"
            + figure(byRole.render(), caption: "The same, stacked by tensor (each tensor's accesses summed over all levels) plus the MACs.")
    }

    func tables() -> String {
        let header: [HTMLTable.Cell] = [.text("layer")] + compare.variants.enumerated().map { .number("\(letter($0.offset)): \($0.element.name)") }
        func table(_ value: (RunResults.LayerResult) -> Double, _ text: (Double) -> String, total: (RunResults) -> Double) -> String {
            var rows = compare.layerNames.map { name -> [HTMLTable.Cell] in
                let values = compare.variants.map { layer(name, of: $0).map(value) }
                let best = values.compactMap { $0 }.min()
                return [.text(name)] + values.map { v in
                    guard let v else { return .number("—") }
                    var cell = HTMLTable.Cell.number(text(v))
                    if v == best, compare.variants.count > 1 { cell.className = "best" }
                    return cell
                }
            }
            let totals = compare.variants.map { total($0.run) }
            rows.append([.html("<b>total</b>")] + totals.map { v in
                var cell = HTMLTable.Cell.number(text(v))
                if v == totals.min(), compare.variants.count > 1 { cell.className = "best" }
                return cell
            })
            return HTMLTable(header: [header], rows: rows).render()
        }
        return "<h2>Energy per MAC</h2>\n<p class=\"note\">pJ/MAC per layer; the lowest of each row in bold.</p>\n"
            + table(\.pjPerMAC, { fixed($0, 3) }, total: { $0.total.energyPJ / Double(max($0.total.macs, 1)) })
            + "\n<h2>Cycles</h2>\n<p class=\"note\">Cycles per layer; the lowest of each row in bold.</p>\n"
            + table({ Double($0.cycles) }, { groupedInt(Int($0)) }, total: { Double($0.total.cycles) })
    }

    func variantSections() -> String {
        let sections = compare.variants.enumerated().map { index, v -> String in
            let page = RunPage(run: v.run, headingLevel: 3, scope: "variant-\(v.name)")
            let title = "\(letter(index)): \(v.name) — \(v.arch)" + (v.dataflow.map { ", \($0)" } ?? "") + " (folder \(v.folder))"
            return "<details class=\"variant\"><summary>\(XML.escape(title))</summary>\n\(page.render())\n</details>"
        }
        return "<h2>Each variant</h2>\n" + sections.joined(separator: "\n")
    }
}
