@testable import DFSim
import Testing

/// A search stopped early (time limit, interrupt) returns a valid mapping and a true lower bound:
/// best ≥ the enumerated optimum ≥ the bound; a search that completes is proven optimal at gap 0.
@Suite struct AnytimeSearchTests {
    @Test(.tags(.exhaustive), arguments: Exhaustive.seeds(24, exhaustive: 72))
    func stoppedSearchCertifiesATrueGap(seed: Int) throws {
        let (einsum, arch) = MapperOptimalityRichTests.richCase(seed: seed)
        let space = Mapspace(einsum: einsum, architecture: arch)
        for objective in Objective.allCases {
            guard let reference = BruteForceMapper(mapspace: space, objective: objective).best() else { continue }
            let control = SearchControl(checkInterval: 1)
            control.setDeadline(secondsFromNow: 0) // already past: stop at the first look once a mapping is found
            let stopped = try Mapper(mapspace: space, objective: objective, threads: 2, control: control).search()
            #expect(stopped.mapping.validate(for: einsum, on: arch).isEmpty, "seed \(seed): invalid mapping")
            let best = objective.value(stopped.evaluation)
            let bound = try #require(stopped.lowerBound, "seed \(seed) \(objective): no bound")
            let slack = 1e-9 * max(1, abs(reference.objective))
            #expect(best >= reference.objective - slack, "seed \(seed) \(objective): best \(best) below the optimum \(reference.objective)")
            #expect(bound <= reference.objective + slack, "seed \(seed) \(objective): bound \(bound) above the optimum \(reference.objective)")
            let gap = try #require(stopped.gap)
            #expect(gap >= 0 && gap <= 1)
            if stopped.provenOptimal {
                #expect(gap == 0 && abs(best - reference.objective) <= slack, "seed \(seed) \(objective): proven but not optimal")
            } else {
                #expect(bound <= best)
            }
        }
    }

    @Test func completedSearchIsProvenAtGapZero() throws {
        let (einsum, arch) = MapperOptimalityRichTests.richCase(seed: 2)
        let result = try Mapper(mapspace: Mapspace(einsum: einsum, architecture: arch), objective: .energy).search()
        #expect(result.provenOptimal)
        #expect(result.gap == 0)
        #expect(result.lowerBound == Objective.energy.value(result.evaluation))
    }

    /// Stopping really cuts work: with the deadline past, far fewer tilings are searched.
    @Test func stoppingEarlySearchesLess() throws {
        let (einsum, arch) = MapperOptimalityRichTests.richCase(seed: 6)
        let space = Mapspace(einsum: einsum, architecture: arch)
        let full = try Mapper(mapspace: space, objective: .energy).search()
        let control = SearchControl(checkInterval: 1)
        control.setDeadline(secondsFromNow: 0)
        let stopped = try Mapper(mapspace: space, objective: .energy, control: control).search()
        #expect(stopped.statistics.tilings < full.statistics.tilings)
        #expect(!stopped.provenOptimal)
    }
}
