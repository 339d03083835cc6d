#!/usr/bin/env bash
# Splitting speed side by side: `xlate units DIR --json` against ast-grep
# matching every Python function in the same tree, run in turn (xlate, then
# ast-grep, ROUNDS times) so that both see the same machine load. Prints each
# run's wall time, the medians and the ratio (xlate / ast-grep; below 1 means
# xlate is faster).
#
# usage: scripts/bench-split-vs-ast-grep.sh [DIR] [ROUNDS]
# env:   XLATE (default target/release/xlate),
#        AST_GREP (default /tmp/ag/node_modules/.bin/ast-grep)
#
# DIR defaults to a copy of this machine's Python standard library without
# site-packages, test, idlelib and lib2to3 (made in /tmp/stdlib if missing).
# ast-grep: `npm install --prefix /tmp/ag @ast-grep/cli@0.51.1`.
set -euo pipefail

dir=${1:-/tmp/stdlib}
rounds=${2:-7}
xlate=${XLATE:-target/release/xlate}
ast_grep=${AST_GREP:-/tmp/ag/node_modules/.bin/ast-grep}

for tool in "$xlate" "$ast_grep"; do
    [ -x "$tool" ] || { echo "missing: $tool" >&2; exit 1; }
done

if [ ! -d "$dir" ]; then
    stdlib=$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')
    mkdir -p "$dir"
    (cd "$stdlib" && tar --exclude=./site-packages --exclude=./test --exclude=./idlelib \
        --exclude=./lib2to3 --exclude=__pycache__ -cf - .) | tar -xf - -C "$dir"
fi
echo "tree: $dir ($(find "$dir" -name '*.py' | wc -l) Python files," \
    "$(find "$dir" -name '*.py' -print0 | du -ch --files0-from=- | tail -1 | cut -f1))"
echo "cores: $(nproc), load average: $(cut -d' ' -f1-3 /proc/loadavg)"

# Wall time of one command in seconds, its output thrown away.
seconds() {
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null
    end=$(date +%s.%N)
    awk -v s="$start" -v e="$end" 'BEGIN { printf "%.4f", e - s }'
}

median() { sort -n | awk '{ v[NR] = $1 } END { printf "%.3f", v[int((NR + 1) / 2)] }'; }

# One warm-up run each, so that both read the tree from the page cache.
"$xlate" units "$dir" --json >/dev/null
"$ast_grep" run -p 'def $F($$$A): $$$B' -l python "$dir" --json=compact >/dev/null

xs=() as=()
for round in $(seq "$rounds"); do
    x=$(seconds "$xlate" units "$dir" --json)
    a=$(seconds "$ast_grep" run -p 'def $F($$$A): $$$B' -l python "$dir" --json=compact)
    printf 'round %d: xlate %.3f s, ast-grep %.3f s\n' "$round" "$x" "$a"
    xs+=("$x") as+=("$a")
done
xm=$(printf '%s\n' "${xs[@]}" | median)
am=$(printf '%s\n' "${as[@]}" | median)
echo "median of $rounds: xlate units --json $xm s, ast-grep run --json=compact $am s"
echo "ratio xlate / ast-grep: $(awk -v x="$xm" -v a="$am" 'BEGIN { printf "%.2f", x / a }')"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
