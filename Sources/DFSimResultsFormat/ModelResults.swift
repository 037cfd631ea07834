/// What `dfsim model --format json` prints: one evaluated layer in the shape of `details.json`
/// (without the search).
public struct ModelResults: Codable, Sendable {
    public var formatVersion: Int?
    public var arch: String
    public var workload: String
    public var layers: [RunResults.LayerResult]

    enum CodingKeys: String, CodingKey { case formatVersion = "format_version", arch, workload, layers }

    public init(arch: String, workload: String, layers: [RunResults.LayerResult]) {
        formatVersion = ResultsFormat.version
        (self.arch, self.workload, self.layers) = (arch, workload, layers)
    }
}
