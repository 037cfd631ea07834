import Foundation

/// Encodes an `Encodable` value to a ``JSONValue`` whose objects keep the order in which the value
/// encodes its keys (declaration order for synthesized conformances), and writes `null` for
/// absent optionals instead of leaving the key out, so every file lists every key.
///
/// ```swift
/// let text = try OrderedJSONEncoder().encode(details).render() + "\n"
/// ```
///
/// A non-finite double is an error (`EncodingError.invalidValue`), never a silent `null`.
public struct OrderedJSONEncoder: Sendable {
    public init() {}

    /// The value as a JSON tree.
    public func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        let root = Node()
        try value.encode(to: TreeEncoder(node: root, codingPath: []))
        return root.value
    }

    /// The value as pretty-printed text ending in a newline.
    public func text<T: Encodable>(_ value: T) throws -> String {
        try encode(value).render() + "\n"
    }
}

/// A mutable slot of the tree being built.
private final class Node {
    enum Content { case unset, value(JSONValue), object([(String, Node)]), array([Node]) }
    var content: Content = .unset

    var value: JSONValue {
        switch content {
        case .unset: return .null
        case .value(let v): return v
        case .object(let pairs): return .object(pairs.map { ($0.0, $0.1.value) })
        case .array(let items): return .array(items.map(\.value))
        }
    }

    func child(forKey key: String) -> Node {
        var pairs: [(String, Node)] = []
        if case .object(let existing) = content { pairs = existing }
        if let found = pairs.first(where: { $0.0 == key }) { return found.1 }
        let node = Node()
        pairs.append((key, node))
        content = .object(pairs)
        return node
    }

    func appendChild() -> Node {
        var items: [Node] = []
        if case .array(let existing) = content { items = existing }
        let node = Node()
        items.append(node)
        content = .array(items)
        return node
    }

    func makeObject() { if case .object = content {} else { content = .object([]) } }
    func makeArray() { if case .array = content {} else { content = .array([]) } }
}

private struct TreeEncoder: Encoder {
    let node: Node
    let codingPath: [CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.makeObject()
        return KeyedEncodingContainer(KeyedTree<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> UnkeyedEncodingContainer {
        node.makeArray()
        return UnkeyedTree(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> SingleValueEncodingContainer { SingleTree(node: node, codingPath: codingPath) }
}

/// Turns a primitive into a JSON value; doubles must be finite.
private func primitive<T: Encodable>(_ value: T, at path: [CodingKey]) throws -> JSONValue? {
    switch value {
    case let v as Bool: return .bool(v)
    case let v as String: return .string(v)
    case let v as Int: return .int(v)
    case let v as Int64: return .int(Int(v))
    case let v as Int32: return .int(Int(v))
    case let v as UInt64:
        guard let i = Int(exactly: v) else { return .double(Double(v)) }
        return .int(i)
    case let v as UInt32: return .int(Int(v))
    case let v as Double:
        guard v.isFinite else {
            throw EncodingError.invalidValue(v, .init(codingPath: path, debugDescription: "\(v) is not a finite number"))
        }
        return .double(v)
    case let v as Float:
        guard v.isFinite else {
            throw EncodingError.invalidValue(v, .init(codingPath: path, debugDescription: "\(v) is not a finite number"))
        }
        return .double(Double(v))
    default: return nil
    }
}

private func encodeValue<T: Encodable>(_ value: T, into node: Node, at path: [CodingKey]) throws {
    if let p = try primitive(value, at: path) { node.content = .value(p); return }
    try value.encode(to: TreeEncoder(node: node, codingPath: path))
}

private struct KeyedTree<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: Node
    let codingPath: [CodingKey]

    mutating func encodeNil(forKey key: Key) throws { node.child(forKey: key.stringValue).content = .value(.null) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try encodeValue(value, into: node.child(forKey: key.stringValue), at: codingPath + [key])
    }
    // Absent optionals are written as null: every file lists every key.
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
        guard let value else { try encodeNil(forKey: key); return }
        try encode(value, forKey: key)
    }
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws {
        guard let value else { try encodeNil(forKey: key); return }
        try encode(value, forKey: key)
    }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws {
        guard let value else { try encodeNil(forKey: key); return }
        try encode(value, forKey: key)
    }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws {
        guard let value else { try encodeNil(forKey: key); return }
        try encode(value, forKey: key)
    }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws {
        guard let value else { try encodeNil(forKey: key); return }
        try encode(value, forKey: key)
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let child = node.child(forKey: key.stringValue)
        child.makeObject()
        return KeyedEncodingContainer(KeyedTree<NestedKey>(node: child, codingPath: codingPath + [key]))
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
        let child = node.child(forKey: key.stringValue)
        child.makeArray()
        return UnkeyedTree(node: child, codingPath: codingPath + [key])
    }
    mutating func superEncoder() -> Encoder { TreeEncoder(node: node.child(forKey: "super"), codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> Encoder { TreeEncoder(node: node.child(forKey: key.stringValue), codingPath: codingPath + [key]) }
}

private struct IndexKey: CodingKey {
    var stringValue: String { "\(intValue ?? 0)" }
    var intValue: Int?
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

private struct UnkeyedTree: UnkeyedEncodingContainer {
    let node: Node
    let codingPath: [CodingKey]
    var count: Int { if case .array(let items) = node.content { return items.count } else { return 0 } }

    mutating func encodeNil() throws { node.appendChild().content = .value(.null) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        let path = codingPath + [IndexKey(count)]
        try encodeValue(value, into: node.appendChild(), at: path)
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let path = codingPath + [IndexKey(count)]
        let child = node.appendChild()
        child.makeObject()
        return KeyedEncodingContainer(KeyedTree<NestedKey>(node: child, codingPath: path))
    }
    mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer {
        let path = codingPath + [IndexKey(count)]
        let child = node.appendChild()
        child.makeArray()
        return UnkeyedTree(node: child, codingPath: path)
    }
    mutating func superEncoder() -> Encoder { TreeEncoder(node: node.appendChild(), codingPath: codingPath) }
}

private struct SingleTree: SingleValueEncodingContainer {
    let node: Node
    let codingPath: [CodingKey]

    mutating func encodeNil() throws { node.content = .value(.null) }
    mutating func encode<T: Encodable>(_ value: T) throws { try encodeValue(value, into: node, at: codingPath) }
}
