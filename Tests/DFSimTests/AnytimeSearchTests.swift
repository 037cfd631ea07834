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

    /// Stopped anywhere, including between and inside the aspiration passes (``Mapper/
    /// aspirationLimits(from:firstStep:)``: a pass that finds nothing raises the bounds of what it covered),
    /// the search still certifies a true gap, and a search it calls proven is the full search's
    /// optimum. Some stops must come after a failed pass (a bound above the earliest stop's).
    @Test func stoppedAtAnyPointCertifiesATrueGap() throws {
        var raised = 0
        for seed in 0..<8 {
            let (einsum, arch) = Self.mixedCase(seed: seed)
            let space = Mapspace(einsum: einsum, architecture: arch)
            for objective in Objective.allCases {
                guard let reference = BruteForceMapper(mapspace: space, objective: objective).best() else { continue }
                let slack = 1e-9 * max(1, abs(reference.objective))
                let full = try Mapper(mapspace: space, objective: objective).search()
                var earliest: Double?
                for looks in [1, 2, 4, 8, 16, 32, 64, 128, 256, 512] {
                    let control = SearchControl(checkInterval: 1, stopAfterLooks: looks)
                    let stopped = try Mapper(mapspace: space, objective: objective, threads: 1, control: control).search()
                    let best = objective.value(stopped.evaluation)
                    let bound = try #require(stopped.lowerBound)
                    let label = "seed \(seed) \(objective) looks \(looks)"
                    #expect(best >= reference.objective - slack, "\(label): best \(best) below the optimum \(reference.objective)")
                    #expect(bound <= reference.objective + slack, "\(label): bound \(bound) above the optimum \(reference.objective)")
                    if stopped.provenOptimal {
                        #expect(stopped.mapping == full.mapping, "\(label): proven, but not the full search's optimum")
                    }
                    if let earliest, bound > earliest * (1 + 1e-12) && !stopped.provenOptimal { raised += 1 }
                    earliest = earliest ?? bound
                }
            }
        }
        #expect(raised > 0, "no stop came after a pass that raised the bound")
    }

    /// Passes cut short by their deadline (a bounded run's first half) hand over to the unlimited
    /// pass, which still completes the search: proven, and the same optimum as without passes' end.
    @Test func abandonedPassesStillEndInTheOptimum() throws {
        for seed in 0..<6 {
            let (einsum, arch) = MapperOptimalityRichTests.richCase(seed: seed)
            let space = Mapspace(einsum: einsum, architecture: arch)
            for objective in Objective.allCases {
                guard let full = try? Mapper(mapspace: space, objective: objective).search() else { continue }
                let control = SearchControl(checkInterval: 1)
                control.setPassDeadline(secondsFromNow: 0)
                let cut = try Mapper(mapspace: space, objective: objective, threads: 2, control: control).search()
                #expect(cut.provenOptimal, "seed \(seed) \(objective): not proven")
                #expect(cut.mapping == full.mapping, "seed \(seed) \(objective): another mapping than the full search's")
            }
        }
    }

    /// A known mapping handed in (``Mapper/incumbent``: the optimum itself, which ends the passes
    /// at once, or a random one) changes nothing in a completed search: the same optimum, proven,
    /// for every objective; a search stopped at once returns a mapping at most as costly.
    @Test func incumbentChangesNothingButTheWork() throws {
        var checked = 0
        for seed in 0..<6 {
            let (einsum, arch) = MapperOptimalityRichTests.richCase(seed: seed)
            let space = Mapspace(einsum: einsum, architecture: arch)
            for objective in Objective.allCases {
                guard let full = try? Mapper(mapspace: space, objective: objective).search(),
                      let random = try? RandomSearch(mapspace: space, objective: objective, budget: 8, seed: UInt64(seed)).search() else { continue }
                for known in [full.mapping, random.mapping] {
                    var mapper = Mapper(mapspace: space, objective: objective, threads: 2)
                    mapper.incumbent = known
                    let result = try mapper.search()
                    #expect(result.provenOptimal, "seed \(seed) \(objective): not proven")
                    #expect(result.mapping == full.mapping, "seed \(seed) \(objective): another mapping than the full search's")
                    let control = SearchControl(checkInterval: 1)
                    control.requestStop()
                    var stopped = Mapper(mapspace: space, objective: objective, threads: 2, control: control)
                    stopped.incumbent = known
                    let early = try stopped.search()
                    let knownCost = objective.value(EvaluationContext(einsum: einsum, architecture: arch).evaluate(known))
                    #expect(objective.value(early.evaluation) <= knownCost * (1 + 1e-12), "seed \(seed) \(objective): worse than the incumbent")
                    checked += 1
                }
            }
        }
        #expect(checked >= 24, "only \(checked) searches with an incumbent")
    }

    /// Many small aspiration steps (0.1 %, 0.2 %, …), so that many passes end without a mapping
    /// at most their limit, some after evaluating mappings above it: the search still ends in the
    /// enumerated optimum, proven.
    @Test(.tags(.exhaustive), arguments: Exhaustive.seeds(12, exhaustive: 72))
    func finelySteppedPassesFindTheOptimum(seed: Int) throws {
        try Self.expectProvenOptimal(seed: seed, setups: [{ mapper, _ in mapper.aspirationStep = 0.001 }])
    }

    /// A pass whose limit lies just below the optimum finds nothing at most its limit, though it
    /// may evaluate mappings above it (their bounds were below): such a mapping must not end the
    /// search as if it were the optimum, since subtrees bounded above the limit were cut. When it
    /// costs at most the next limit (here 1.5 × the optimum), it becomes the final pass's limit
    /// (``Mapper/finalLimit(spare:fallback:)``), which must still end in the optimum.
    @Test(.tags(.exhaustive), arguments: Exhaustive.seeds(16, exhaustive: 72))
    func aPassBelowTheOptimumDoesNotEndTheSearch(seed: Int) throws {
        try Self.expectProvenOptimal(seed: seed, setups: [1e-3, 1e-2, 0.1].flatMap { below in [
            { mapper, optimum in mapper.aspirationLimitsOverride = [optimum * (1 - below)] },
            { mapper, optimum in mapper.aspirationLimitsOverride = [optimum * (1 - below), optimum * 1.5] },
        ] })
    }

    /// A rich case for even seeds, a tiny one for odd seeds.
    static func mixedCase(seed: Int) -> (Einsum, Architecture) {
        seed % 2 == 0 ? MapperOptimalityRichTests.richCase(seed: seed) : MapperOptimalityTests.tinyCase(seed: seed)
    }

    /// For each objective of the seed's case (``mixedCase(seed:)``), enumerated once: the mapper,
    /// set up by each of `setups` (given the enumerated optimum), ends proven at that optimum.
    static func expectProvenOptimal(seed: Int, setups: [(inout Mapper, Double) -> Void]) throws {
        let (einsum, arch) = mixedCase(seed: seed)
        let space = Mapspace(einsum: einsum, architecture: arch)
        for objective in Objective.allCases {
            guard let reference = BruteForceMapper(mapspace: space, objective: objective).best() else { continue }
            for (k, setup) in setups.enumerated() {
                var mapper = Mapper(mapspace: space, objective: objective, threads: 2)
                setup(&mapper, reference.objective)
                let result = try mapper.search()
                #expect(result.provenOptimal, "seed \(seed) \(objective) setup \(k): not proven")
                #expect(result.evaluation.isApproximatelyOptimal(objective, reference),
                        "seed \(seed) \(objective) setup \(k): \(objective.value(result.evaluation)), optimum \(reference.objective)")
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
