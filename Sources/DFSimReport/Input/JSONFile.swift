import Foundation

/// Reads one JSON file of a results folder into a `Decodable` value, turning every failure into
/// a ``ReportError`` that names the file and, for malformed content, the key path at fault.
enum JSONFile {
    static func decode<T: Decodable>(_ type: T.Type, at url: URL) throws -> T {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ReportError("\(url.path): cannot read the file (\(error.localizedDescription))")
        }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw ReportError("\(url.path): \(describe(error))")
        } catch {
            throw ReportError("\(url.path): not valid JSON (\(error.localizedDescription))")
        }
    }

    /// `layers[2].energy_pj: expected a number` and the like.
    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [CodingKey]) -> String {
            var out = ""
            for key in keys {
                if let index = key.intValue { out += "[\(index)]" } else { out += (out.isEmpty ? "" : ".") + key.stringValue }
            }
            return out.isEmpty ? "the top level" : out
        }
        func expected(_ type: Any.Type) -> String {
            switch type {
            case is Double.Type, is Int.Type: return "a number"
            case is String.Type: return "a string"
            case is Bool.Type: return "true or false"
            default:
                let name = String(describing: type)
                if name.hasPrefix("Array") { return "an array" }
                if name.hasPrefix("Dictionary") { return "an object" }
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
