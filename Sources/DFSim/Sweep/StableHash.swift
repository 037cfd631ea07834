/// A 64-bit FNV-1a hash of text, the same in every process and on every machine (Swift's `Hasher`
/// is seeded per process, so it cannot name a sweep point or fingerprint a sweep).
///
/// ```swift
/// StableHash.hex("levels.GLB.size=64 KiB\n") // 16 hex digits
/// ```
/// Fowler, Noll and Vo, "FNV hash" (IETF draft-eastlake-fnv): offset basis 0xcbf29ce484222325,
/// prime 0x100000001b3. Complexity: O(n) in the UTF-8 length.
public enum StableHash {
    /// The hash of the UTF-8 bytes of `text`.
    public static func value(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// The hash as 16 lowercase hex digits.
    public static func hex(_ text: String) -> String {
        let digits = String(value(text), radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
