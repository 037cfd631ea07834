/// A JSON object with keys in a meaningful order (mapping levels outermost first, sweep
/// parameters in the sweep's order), written in that order by ``OrderedJSONEncoder``.
/// Decoding keeps the keys the decoder reports, whose order Foundation does not promise: readers
/// look entries up by key, or order them by a list the file holds (the levels, the parameters).
public struct OrderedObject<Value: Codable & Sendable>: Codable, Sendable {
    public var entries: [(key: String, value: Value)]

    public init(_ entries: [(key: String, value: Value)] = []) { self.entries = entries }

    /// The value of `key`, if present.
    public subscript(key: String) -> Value? { entries.first { $0.key == key }?.value }

    public var keys: [String] { entries.map(\.key) }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        entries = try container.allKeys.map { ($0.stringValue, try container.decode(Value.self, forKey: $0)) }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for (key, value) in entries { try container.encode(value, forKey: Key(key)) }
    }
}

extension OrderedObject: Equatable where Value: Equatable {
    public static func == (a: Self, b: Self) -> Bool {
        a.entries.count == b.entries.count && zip(a.entries, b.entries).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}
