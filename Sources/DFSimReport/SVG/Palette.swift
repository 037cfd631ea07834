/// Colours shared by every chart: the Okabe–Ito palette, safe for the common forms of colour
/// blindness (Okabe & Ito, "Color Universal Design", 2008), then a few greys.
enum Palette {
    /// Okabe–Ito in an order where neighbours contrast: blue, orange, bluish green, vermillion,
    /// sky blue, reddish purple, yellow, black.
    static let categorical = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000"]
    /// Extra colours once the eight are used (lighter and darker tones of the same hues).
    static let extra = ["#7FB8D8", "#F2CF7F", "#7FCEB9", "#EAAE7F", "#AAD9F4", "#E5BCD3", "#8C8C8C", "#4D4D4D"]

    /// The colour of series `index`.
    static func color(_ index: Int) -> String {
        let all = categorical + extra
        return all[((index % all.count) + all.count) % all.count]
    }

    /// The colour of a tensor role (the same in every chart and report).
    static func role(_ role: String) -> String {
        switch role {
        case "inputs": return "#56B4E9"
        case "weights": return "#E69F00"
        case "outputs": return "#009E73"
        case "compute": return "#999999"
        case "network": return network
        default: return "#CC79A7"
        }
    }

    /// Colour of compute energy in stacks by level.
    static let compute = "#999999"
    /// Network transfers (a dark neutral, apart from the level and role colours).
    static let network = "#000000"
    static let axis = "#333333"
    static let grid = "#E3E3E3"
    static let muted = "#B0B0B0"
    static let highlight = "#D55E00"

    /// A sequential light-to-dark blue for heat-map bin `index` of `count` (0 = lightest).
    static func sequential(_ index: Int, of count: Int) -> String {
        let ramp = ["#F7FBFF", "#DEEBF7", "#C6DBEF", "#9ECAE1", "#6BAED6", "#4292C6", "#2171B5", "#08519C", "#08306B"]
        guard count > 1 else { return ramp[0] }
        let position = Double(min(max(index, 0), count - 1)) / Double(count - 1)
        return ramp[Int((position * Double(ramp.count - 1)).rounded())]
    }
}
