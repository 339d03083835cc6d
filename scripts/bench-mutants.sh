#!/bin/sh
# The mutation benchmark's table in docs/eval.md ("Mutation benchmark"):
# the five benchmark rows and the two fixture rows, one after another.
# Usage: scripts/bench-mutants.sh [XLATE] [OUTDIR] [JOBS]
# XLATE defaults to target/debug/xlate (build it first), OUTDIR to
# mutants-out/, JOBS to 1. Each row writes OUTDIR/<row>.log and .json.
set -eu
XLATE=${1:-target/debug/xlate}
OUT=${2:-mutants-out}
JOBS=${3:-1}
B=${BENCH:-../shared/benchmarks/humaneval-x}
mkdir -p "$OUT"
row() {
    name=$1
    shift
    "$XLATE" mutants "$@" -j "$JOBS" --json "$OUT/$name.json" >"$OUT/$name.log" 2>&1 || true
    echo "$name: $(grep '^| all |' "$OUT/$name.log" || echo 'no summary')"
    grep '^false alarms' "$OUT/$name.log" || true
}
row pypy --bench "$B" --from python --to python --engine identity --tasks 0-40
row jsjs --bench "$B" --from javascript --to javascript --engine identity --tasks 0-40
row rsrs --bench "$B" --from rust --to rust --engine identity --tasks 0-20
row pyjs --bench "$B" --from python --to javascript --engine rules --tasks 0-40
row jspy --bench "$B" --from javascript --to python --engine rules --tasks 0-40
row tree-py --tree fixtures/python --from python --to python --engine identity
row tree-js --tree fixtures/javascript --from javascript --to javascript --engine identity
