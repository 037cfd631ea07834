#!/usr/bin/env bash
# A long fuzz of the dfsim command line (Tests/dfsimTests/FuzzCLITests.swift) against the release
# build: seeded mutations of the bundled specs with extreme numbers and hostile names.
#
#   scripts/fuzz.sh                 # 5000 mutants, seed 1
#   scripts/fuzz.sh 20000 42        # 20000 mutants, seed 42
#
# A failure names the seed and the mutant; rerun it alone with
#   DFSIM_FUZZ_SEED=S DFSIM_FUZZ_ONLY=N swift test --filter FuzzCLITests
set -euo pipefail
cd "$(dirname "$0")/.."
mutants="${1:-5000}"
seed="${2:-1}"
swift build -c release --product dfsim
binary="$(swift build -c release --show-bin-path)/dfsim"
DFSIM_BINARY="$binary" DFSIM_FUZZ_MUTANTS="$mutants" DFSIM_FUZZ_SEED="$seed" \
    swift test --filter FuzzCLITests.hostileSpecsNeverTrapNorWriteOutsideTheOutputFolder
