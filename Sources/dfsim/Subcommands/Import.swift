import ArgumentParser
import DFSimSpec
import DFSimTimeloop
import Foundation

/// `dfsim import FORMAT …`: other tools' files → dfsim's spec files.
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Turn another tool's input files into dfsim's architecture, workload and mapping files.",
        subcommands: [ImportTimeloop.self])
}

/// `dfsim import timeloop --arch A --problem P [--mapping M] [--ert E] --out DIR` (docs/import.md).
struct ImportTimeloop: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timeloop",
        abstract: "Translate Timeloop's architecture, problem, mapping and ERT into DIR/arch.yaml, DIR/workload.yaml and DIR/mapping.yaml.",
        discussion: """
            Then `dfsim model DIR/arch.yaml DIR/workload.yaml --mapping DIR/mapping.yaml` gives Timeloop's numbers. \
            What cannot be translated is reported as file:line:column (exit code 2) and nothing is written. See docs/import.md.
            """)

    @Option(help: "Timeloop architecture YAML (v0.3 subtree/local or v0.4 nodes; may also hold architecture_constraints).") var arch: String
    @Option(help: "Timeloop problem YAML (shape and instance).") var problem: String
    @Option(help: "Timeloop mapping YAML (optional; without it no mapping.yaml is written).") var mapping: String?
    @Option(help: "Accelergy energy reference table (ERT.yaml); needed unless another input holds 'ERT:'.") var ert: String?
    @Option(help: "Output folder (created when missing).") var out: String
    @Option(help: "Name of the architecture and workload written (default: from the architecture file's name or folder).") var name: String?
    @Flag(help: "Replace arch.yaml, workload.yaml or mapping.yaml in --out even when an import did not write them.") var force = false

    func run() throws {
        try reportingSpecErrors {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: out, isDirectory: &isFolder), !isFolder.boolValue {
                throw UsageError(message: "--out '\(out)' is a file, not a folder")
            }
            if !force {
                for file in [TimeloopImport.architectureFile, TimeloopImport.workloadFile, TimeloopImport.mappingFile] {
                    let path = URL(fileURLWithPath: out).appendingPathComponent(file).path
                    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
                    if !text.contains("imported from Timeloop by 'dfsim import timeloop'") {
                        throw UsageError(message: "'\(path)' exists and was not written by 'dfsim import timeloop'; use --force to replace it or choose another --out")
                    }
                }
            }
            let inputs = TimeloopImport.Inputs(architecture: arch, problem: problem, mapping: mapping, energyTable: ert, name: name)
            let imported = try TimeloopImport.translate(inputs, directory: out)
            do {
                try imported.write(to: out)
            } catch {
                throw UsageError(message: "cannot write into '\(out)': \(error.localizedDescription)")
            }
            for note in imported.notes { printError("note: \(note)") }
            var written = [TimeloopImport.architectureFile, TimeloopImport.workloadFile]
            if imported.mappingYAML != nil { written.append(TimeloopImport.mappingFile) }
            print("wrote " + written.map { join(out, $0) }.joined(separator: ", "))
            if imported.mappingYAML != nil {
                print("evaluate with: dfsim model \(join(out, TimeloopImport.architectureFile)) \(join(out, TimeloopImport.workloadFile)) --mapping \(join(out, TimeloopImport.mappingFile))")
            } else {
                print("search with: dfsim run \(join(out, TimeloopImport.architectureFile)) \(join(out, TimeloopImport.workloadFile))")
            }
        }
    }

    private func join(_ folder: String, _ file: String) -> String {
        folder.hasSuffix("/") ? folder + file : folder + "/" + file
    }
}
