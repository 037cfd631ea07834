import DFSim

/// File and folder names made from user-chosen names (layers, workloads, architectures, sweeps,
/// variants): a name is data, never a path. A name of at most 96 letters, digits, `-`, `_` and
/// non-leading `.` is used as is, so ordinary names keep their files (`conv1.mapping.yaml`);
/// any other name has each other character replaced by `_`, is cut to 80 characters and gets
/// `-` and 8 hex digits of a stable hash of the whole name, so two different names never share a
/// file (`../../etc/x` → `.._.._etc_x` would be unsafe; it becomes `_.._etc_x-1a2b3c4d`).
///
/// The result never contains `/`, NUL or another control character, is never `.` or `..`,
/// never starts with `.` and is at most 89 UTF-8 bytes, well under every file system's limit.
public enum SafeFileName {
    public static func make(_ name: String) -> String {
        func allowed(_ c: Character) -> Bool {
            c.isASCII && (c.isLetter || c.isNumber || c == "-" || c == "_" || c == ".")
        }
        if !name.isEmpty, name.count <= 96, name.first != ".", name.allSatisfy(allowed) { return name }
        var safe = String(name.prefix(80).map { allowed($0) ? $0 : "_" })
        if safe.first == "." { safe = "_" + safe.dropFirst() }
        let hash = String(StableHash.value(name) & 0xffff_ffff, radix: 16)
        return safe + "-" + String(repeating: "0", count: 8 - hash.count) + hash
    }
}
