import DFSim
import DFSimSpec
import Foundation

/// `dfsim-bench matrix [--time-limit S] [--threads N] [--arch a,b] [--workload w,x] [--objective edp,energy]`:
/// the exact mapper on every bundled architecture × workload × objective, one row per cell as it
/// finishes (a Markdown table): CPU seconds (user + system of this process), wall seconds,
/// mappings evaluated, and the proven gap (0 when every layer is proven optimal). Each cell runs
/// under the time limit (default 120 s wall), so the matrix always ends.
struct BenchmarkMatrix {
    var timeLimit = 120.0
    var threads = ProcessInfo.processInfo.activeProcessorCount
    var architectures: [String]
    var workloads: [String]
    var objectives: [Objective] = [.edp, .energy]
    let root: URL

    struct UsageError: Error, CustomStringConvertible { var description: String }

    init(arguments: [String], root: URL) throws {
        self.root = root
        func names(_ folder: String) -> [String] {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)) ?? []
            return files.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
        }
        architectures = names("arch")
        workloads = names("workloads")
        var i = 0
        func value() throws -> String {
            i += 1
            guard i < arguments.count else { throw UsageError(description: "\(arguments[i - 1]) needs a value") }
            return arguments[i]
        }
        while i < arguments.count {
            switch arguments[i] {
            case "--time-limit":
                guard let t = Double(try value()), t > 0 else { throw UsageError(description: "--time-limit takes positive seconds") }
                timeLimit = t
            case "--threads":
                guard let n = Int(try value()), n >= 1 else { throw UsageError(description: "--threads takes a positive count") }
                threads = n
            case "--arch": architectures = try value().split(separator: ",").map(String.init)
            case "--workload": workloads = try value().split(separator: ",").map(String.init)
            case "--objective":
                objectives = try value().split(separator: ",").map { name in
                    guard let o = Objective(rawValue: String(name)) else { throw UsageError(description: "unknown objective \(name)") }
                    return o
                }
            default: throw UsageError(description: "unknown option \(arguments[i])")
            }
            i += 1
        }
    }

    /// CPU seconds (user + system) this process has used.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        #if os(Linux)
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Prints a line at once (the matrix takes minutes; rows appear as cells finish).
    func emit(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    func run() throws {
        emit("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, \(threads) threads; time limit \(timeLimit) s per cell")
        emit("")
        emit("| architecture | workload | objective | CPU s | wall s | evaluated | gap % |")
        emit("|---|---|---|---:|---:|---:|---:|")
        for archName in architectures {
            let architecture = try ArchitectureSpec.load(root.appendingPathComponent("arch/\(archName).yaml").path)
            for workloadName in workloads {
                let workload = try WorkloadSpec.load(root.appendingPathComponent("workloads/\(workloadName).yaml").path)
                for objective in objectives {
                    let cpu = Self.cpuSeconds()
                    let start = Date()
                    let search = NetworkSearch(workload: workload, architecture: architecture, objective: objective,
                                               threads: threads, timeLimit: timeLimit)
                    var cells = [archName, workloadName, objective.rawValue]
                    do {
                        let results = try search.run(clock: { Date().timeIntervalSince(start) })
                        let wall = Date().timeIntervalSince(start)
                        let searched = results.filter { $0.sharedWith == nil }
                        let evaluated = searched.reduce(0) { $0 + $1.result.statistics.evaluated }
                        let gap = results.allSatisfy(\.result.provenOptimal) ? "0"
                            : NetworkSearch.gap(of: results).map { String(format: "%.2f", $0 * 100) } ?? "-"
                        cells += [String(format: "%.1f", Self.cpuSeconds() - cpu), String(format: "%.1f", wall), evaluated.formatted(), gap]
                    } catch {
                        cells += ["-", "-", "-", "error: \(error)"]
                    }
                    emit("| " + cells.joined(separator: " | ") + " |")
                }
            }
        }
    }
}
