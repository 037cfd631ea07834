import Foundation
import Testing

/// The conventions of a released tool: `dfsim --version`, a LICENSE and a CITATION.cff that names
/// the same version. The version is defined once (`DFSimCommand.version`); these tests hold the
/// files that restate it to it.
@Suite struct VersionCLITests {
    let cli = CLITests()

    /// The version `dfsim --version` prints: exactly one line `dfsim X.Y.Z`, exit code 0.
    func printedVersion() throws -> String {
        let r = try cli.run(["--version"])
        #expect(r.status == 0, "dfsim --version exited with \(r.status): \(r.stderr)")
        #expect(r.stderr.isEmpty, "dfsim --version wrote to stderr: \(r.stderr)")
        let line = r.stdout.trimmingCharacters(in: .newlines)
        #expect(!line.contains("\n"), "dfsim --version printed more than one line: \(r.stdout)")
        let match = try #require(line.wholeMatch(of: /dfsim (\d+\.\d+\.\d+)/), "dfsim --version printed '\(line)', expected 'dfsim X.Y.Z'")
        return String(match.output.1)
    }

    @Test func versionFlagPrintsTheRelease() throws {
        _ = try printedVersion()
        let help = try cli.run(["--help"])
        #expect(help.stdout.contains("--version"), "dfsim --help does not mention --version:\n\(help.stdout)")
    }

    /// Top-level `key: value` pairs of CITATION.cff (quotes stripped).
    func citationFields() throws -> [String: String] {
        let text = try String(contentsOf: CLITests.packageRoot.appendingPathComponent("CITATION.cff"), encoding: .utf8)
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix(" ") && !line.hasPrefix("#") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            fields[String(line[..<colon])] = value.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return fields
    }

    @Test func citationNamesTheSameVersion() throws {
        let version = try printedVersion()
        let fields = try citationFields()
        #expect(fields["version"] == version, "CITATION.cff version \(fields["version"] ?? "missing"), dfsim --version \(version)")
        #expect(fields["cff-version"] == "1.2.0")
        #expect(fields["date-released"] == "2026-12-02")
        #expect(fields["license"] == "MIT")
        for key in ["message", "title", "authors", "abstract", "keywords"] {
            #expect(fields[key] != nil, "CITATION.cff has no '\(key)'")
        }
    }

    /// CITATION.cff is YAML: dfsim's own YAML reader (Yams) parses it into a mapping of keys and
    /// only then finds it is not a spec. A syntax error would be reported at the offending line.
    @Test func citationIsValidYAML() throws {
        let path = CLITests.packageRoot.appendingPathComponent("CITATION.cff").path
        let r = try cli.run(["check", path])
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("\(path):1:1: error: cannot tell what this file describes"), "\(r.stderr)")
    }

    @Test func licenseIsMIT() throws {
        let text = try String(contentsOf: CLITests.packageRoot.appendingPathComponent("LICENSE"), encoding: .utf8)
        #expect(text.hasPrefix("MIT License\n"))
        #expect(text.contains("Copyright (c) 2026 the dfsim authors"))
        #expect(text.contains("THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND"))
    }
}
