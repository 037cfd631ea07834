/// A table of access and operation energies from which levels and the compute unit get their
/// defaults, with the scaling rules of docs/format.md §2.5.
public struct EnergyTable: Hashable, Sendable {
    public var name: String
    /// Citation printed with every figure derived from the table.
    public var source: String
    /// Bit width the table's figures are quoted at.
    public var referenceBits: Int
    /// pJ per word of `referenceBits` for each memory kind.
    public var dram: Double
    public var sram: Double
    /// SRAM array size (words of `referenceBits`) that `sram` is quoted for; `nil`: no size scaling.
    public var sramReferenceWords: Double?
    public var regfile: Double
    public var intMult: Double
    public var intAdd: Double
    public var fpMult: Double
    public var fpAdd: Double
    /// A whole MAC when the table quotes one directly (normalized tables); overrides mult + add.
    public var mac: Double?
    /// Whether memory energy scales linearly and multipliers quadratically with bit width.
    public var scalesWithBits: Bool
    /// Inter-PE network transfer per word (0 unless set).
    public var networkTransfer: Double

    public init(name: String, source: String, referenceBits: Int, dram: Double, sram: Double,
                sramReferenceWords: Double?, regfile: Double, intMult: Double, intAdd: Double,
                fpMult: Double, fpAdd: Double, mac: Double? = nil, scalesWithBits: Bool,
                networkTransfer: Double = 0) {
        self.name = name
        self.source = source
        self.referenceBits = referenceBits
        self.dram = dram
        self.sram = sram
        self.sramReferenceWords = sramReferenceWords
        self.regfile = regfile
        self.intMult = intMult
        self.intAdd = intAdd
        self.fpMult = fpMult
        self.fpAdd = fpAdd
        self.mac = mac
        self.scalesWithBits = scalesWithBits
        self.networkTransfer = networkTransfer
    }

    /// Horowitz, "Computing's energy problem", ISSCC 2014, 45 nm, 32-bit operands (the course's table).
    public static let horowitz45 = EnergyTable(
        name: "horowitz45",
        source: "Horowitz, ISSCC 2014, 45 nm (32-bit): int ADD 0.1, fp ADD 0.9, int MULT 3.1, fp MULT 3.7, RF 1, SRAM 5 (8 KiB), DRAM 640 pJ",
        referenceBits: 32, dram: 640, sram: 5, sramReferenceWords: 8 * 1024 * 8 / 32,
        regfile: 1, intMult: 3.1, intAdd: 0.1, fpMult: 3.7, fpAdd: 0.9, scalesWithBits: true)

    /// Chen, Emer, Sze, "Eyeriss", ISCA 2016, Table IV: normalized to one MAC (65 nm).
    public static let eyeriss65 = EnergyTable(
        name: "eyeriss65",
        source: "Chen, Emer, Sze, ISCA 2016, Table IV (65 nm, normalized to one MAC): MAC 1, RF 1, inter-PE 2, global buffer 6, DRAM 200",
        referenceBits: 16, dram: 200, sram: 6, sramReferenceWords: nil, regfile: 1,
        intMult: 1, intAdd: 0, fpMult: 1, fpAdd: 0, mac: 1, scalesWithBits: false, networkTransfer: 2)

    /// The built-in tables by name.
    public static let builtIn: [String: EnergyTable] = ["horowitz45": .horowitz45, "eyeriss65": .eyeriss65]

    /// Energy per word access of a memory, with a sentence saying how it was derived.
    public func accessEnergy(kind: MemoryKind, wordBits: Int, sizeWords: Int?) -> (pj: Double, derivation: String) {
        let bitScale = scalesWithBits ? Double(wordBits) / Double(referenceBits) : 1
        let bitText = scalesWithBits && wordBits != referenceBits ? " × \(wordBits)/\(referenceBits) bits" : ""
        switch kind {
        case .dram:
            return (dram * bitScale, "\(name): DRAM \(fmt(dram)) pJ\(bitText)")
        case .regfile:
            return (regfile * bitScale, "\(name): RF \(fmt(regfile)) pJ\(bitText)")
        case .sram:
            var e = sram * bitScale
            var text = "\(name): SRAM \(fmt(sram)) pJ\(bitText)"
            if let ref = sramReferenceWords, let size = sizeWords {
                let bits = Double(size) * Double(wordBits)
                let refBits = ref * Double(referenceBits)
                let factor = (bits / refBits).squareRoot()
                e *= factor
                text += " × sqrt(\(fmtBytes(bits / 8)) / \(fmtBytes(refBits / 8)))"
            }
            return (e, text)
        }
    }

    /// Energy of one MAC at the given operand width.
    public func macEnergy(op: String, bits: Int) -> (pj: Double, derivation: String) {
        if let mac { return (mac, "\(name): MAC \(fmt(mac))") }
        let s = scalesWithBits ? Double(bits) / Double(referenceBits) : 1
        let isFloat = op.hasPrefix("fp")
        let mult = (isFloat ? fpMult : intMult) * s * s
        let add = (isFloat ? fpAdd : intAdd) * s
        let kind = isFloat ? "fp" : "int"
        return (mult + add, "\(name): \(kind) MULT \(fmt(isFloat ? fpMult : intMult)) × (\(bits)/\(referenceBits))² + \(kind) ADD \(fmt(isFloat ? fpAdd : intAdd)) × \(bits)/\(referenceBits)")
    }

    /// `5`, `2.5`, `9.3e+18` (whole numbers as digits while they are exact integers).
    private func fmt(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
    }

    private func fmtBytes(_ bytes: Double) -> String {
        if bytes >= 1024 * 1024 { return "\(fmt(bytes / 1024 / 1024)) MiB" }
        if bytes >= 1024 { return "\(fmt((bytes / 1024 * 100).rounded() / 100)) KiB" }
        return "\(fmt(bytes)) B"
    }
}
