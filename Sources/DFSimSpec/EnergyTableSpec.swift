import DFSim
import Yams

/// Reads an energy table from YAML (an alternative to the built-in `horowitz45` and `eyeriss65`).
///
/// ```yaml
/// dfsim: 1
/// name: my28nm
/// source: "vendor datasheet, 28 nm"
/// reference_bits: 16
/// dram: 100
/// sram: 2.5
/// sram_reference_words: 4096
/// regfile: 0.3
/// int_mult: 0.8
/// int_add: 0.05
/// ```
public enum EnergyTableSpec {
    static let keys = ["dfsim", "name", "source", "reference_bits", "dram", "sram", "sram_reference_words", "regfile",
                       "int_mult", "int_add", "fp_mult", "fp_add", "mac", "network_transfer", "scales_with_bits"]

    public static func load(_ path: String) throws(SpecError) -> EnergyTable {
        let (reader, node) = try SpecReader.load(path)
        var r = reader
        guard let k = r.mapping(node, "the energy table", keys: keys,
                                required: ["name", "dram", "sram", "regfile"]) else { throw SpecError(r.diagnostics) }
        r.checkVersion(k)
        func num(_ key: String) -> Double? { k[key].flatMap { r.energy($0, "'\(key)'") } }
        let table = EnergyTable(
            name: k["name"]?.string ?? "table", source: k["source"]?.string ?? path,
            referenceBits: k["reference_bits"].flatMap { r.int($0, "'reference_bits'", maximum: SpecReader.largestWordBits) } ?? 32,
            dram: num("dram") ?? 0, sram: num("sram") ?? 0,
            sramReferenceWords: k["sram_reference_words"].flatMap {
                r.double($0, "'sram_reference_words'", allowZero: false, minimum: (1, "1"),
                         maximum: (Double(SpecReader.largestCount), "\(SpecReader.largestCount)"))
            },
            regfile: num("regfile") ?? 0, intMult: num("int_mult") ?? 0, intAdd: num("int_add") ?? 0,
            fpMult: num("fp_mult") ?? 0, fpAdd: num("fp_add") ?? 0, mac: num("mac"),
            scalesWithBits: k["scales_with_bits"].flatMap { r.bool($0, "'scales_with_bits'") } ?? true,
            networkTransfer: num("network_transfer") ?? 0)
        try r.finish()
        return table
    }
}
