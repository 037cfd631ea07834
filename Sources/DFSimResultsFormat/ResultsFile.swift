import Foundation

/// The version of the results files this build writes (`format_version` in `details.json`,
/// `compare.json` and `sweep.json`). Readers accept every version up to it; a file without the
/// key was written before versioning (version 0: some keys may be absent).
public enum ResultsFormat {
    public static let version = 1
}

/// A results file that could not be read or written, named in the message
/// (`results/x/details.json: layers[2].energy_pj: expected a number`).
public struct ResultsFileError: Error, CustomStringConvertible, Sendable {
    /// A complete sentence naming the file at fault.
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Reads and writes the JSON files of a results folder.
public enum ResultsFile {
    /// Decodes `url` into `T`, turning every failure into a ``ResultsFileError`` that names the
    /// file and, for malformed content, the key path at fault; refuses files of a newer format.
    public static func decode<T: Decodable>(_ type: T.Type, at url: URL) throws -> T {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ResultsFileError("\(url.path): cannot read the file (\(error.localizedDescription))")
        }
        if let version = try? JSONDecoder().decode(VersionProbe.self, from: data).formatVersion, version > ResultsFormat.version {
            throw ResultsFileError("\(url.path): format_version \(version) is newer than this dfsim reads (\(ResultsFormat.version)); update dfsim")
        }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw ResultsFileError("\(url.path): \(describe(error))")
        } catch {
            throw ResultsFileError("\(url.path): not valid JSON (\(error.localizedDescription))")
        }
    }

    /// Writes `value` as ordered, pretty-printed JSON to `url` (atomically).
    public static func write<T: Encodable>(_ value: T, to url: URL) throws {
        let text: String
        do {
            text = try OrderedJSONEncoder().text(value)
        } catch let error as EncodingError {
            if case .invalidValue(_, let context) = error {
                throw ResultsFileError("\(url.path): \(path(context.codingPath)): \(context.debugDescription)")
            }
            throw ResultsFileError("\(url.path): cannot encode (\(error))")
        }
        do {
            try text.write(to: url, atomically: true, encoding: .utf8)
        } catch {
            throw ResultsFileError("\(url.path): cannot write the file (\(error.localizedDescription))")
        }
    }

    struct VersionProbe: Decodable {
        var formatVersion: Int?
        enum CodingKeys: String, CodingKey { case formatVersion = "format_version" }
    }

    static func path(_ keys: [CodingKey]) -> String {
        var out = ""
        for key in keys {
            if let index = key.intValue { out += "[\(index)]" } else { out += (out.isEmpty ? "" : ".") + key.stringValue }
        }
        return out.isEmpty ? "the top level" : out
    }

    /// `layers[2].energy_pj: expected a number` and the like.
    public static func describe(_ error: DecodingError) -> String {
        func expected(_ type: Any.Type) -> String {
            switch type {
            case is Double.Type, is Int.Type: return "a number"
            case is String.Type: return "a string"
            case is Bool.Type: return "true or false"
            default:
                let name = String(describing: type)
                if name.hasPrefix("Array") { return "an array" }
                return "an object"
            }
        }
        switch error {
        case .keyNotFound(let key, let context):
            let at = context.codingPath.isEmpty ? "" : " in \(path(context.codingPath))"
            return "missing key '\(key.stringValue)'\(at)"
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)): expected \(expected(type))"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)): expected \(expected(type)), found null"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "not valid JSON" }
            return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "malformed content"
        }
    }
}
