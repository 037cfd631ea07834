import ArgumentParser
import DFSim
import DFSimSpec
import Foundation

/// `dfsim check FILE...`: validate specs without running anything.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate architecture, workload, mapping and sweep files; print every problem as file:line:column.",
        discussion: "A file with 'levels:' is an architecture, one with 'layers:' a workload, one with 'mapping:' a mapping, one with 'dram:' and 'sram:' an energy table, one with 'arch:' and 'vary:' or 'points:' a sweep (every point is checked). A mapping file needs --arch and --workload (and --layer when the workload has several layers).")

    @Argument(help: "Spec files to check.") var files: [String]
    @Option(help: "Architecture the mapping files are for.") var arch: String?
    @Option(help: "Workload the mapping files are for.") var workload: String?
    @Option(help: "Layer of the workload the mapping files are for.") var layer: String?

    func run() throws {
        var failed = false
        for file in files {
            do {
                try checkOne(file)
                print("\(file): ok")
            } catch let error as SpecError {
                printError(error.description)
                failed = true
            } catch let error as UsageError {
                printError("\(file): error: \(error.message)")
                failed = true
            }
        }
        if failed { throw ExitCode(2) }
    }

    func checkOne(_ file: String) throws {
        switch try SpecFileKind.detect(file) {
        case .architecture: _ = try ArchitectureSpec.load(file)
        case .workload: _ = try WorkloadSpec.load(file)
        case .energyTable: _ = try EnergyTableSpec.load(file)
        case .sweep: _ = try SweepSpec.load(file) // every point's architecture is validated
        case .mapping:
            guard let arch, let workload else {
                throw UsageError(message: "checking a mapping needs --arch and --workload")
            }
            let architecture = try ArchitectureSpec.load(arch)
            let (_, einsum) = try selectLayer(try WorkloadSpec.load(workload), named: layer, file: workload)
            _ = try MappingSpec.load(file, einsum: einsum, architecture: architecture)
        }
    }
}
