#!/usr/bin/env bash
# Splitting speed side by side: `xlate units DIR --json` against ast-grep
# matching every Python function in the same tree, run in turn (xlate, then
# ast-grep, ROUNDS times) so that both see the same machine load. Prints each
# run's wall and CPU time, the medians and the ratios (xlate / ast-grep;
# below 1 means xlate is faster).
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

# "WALL CPU" seconds of one command (CPU: user + system, all threads), its
# output thrown away. CPU time is less disturbed by other load on the
# machine than wall time, so both are shown; without GNU time, CPU is "-".
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
measure() {
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f '%e %U %S' -o "$tmp" "$@" >/dev/null
        awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }' "$tmp"
    else
        local start end
        start=$(date +%s.%N)
        "$@" >/dev/null
        end=$(date +%s.%N)
        awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f -\n", e - s }'
    fi
}

median() { sort -n | awk '{ v[NR] = $1 } END { printf "%.3f", v[int((NR + 1) / 2)] }'; }

# One warm-up run each, so that both read the tree from the page cache.
"$xlate" units "$dir" --json >/dev/null
"$ast_grep" run -p 'def $F($$$A): $$$B' -l python "$dir" --json=compact >/dev/null

xw=() xc=() aw=() ac=()
for round in $(seq "$rounds"); do
    read -r w c < <(measure "$xlate" units "$dir" --json)
    xw+=("$w") xc+=("$c")
    read -r w2 c2 < <(measure "$ast_grep" run -p 'def $F($$$A): $$$B' -l python "$dir" --json=compact)
    aw+=("$w2") ac+=("$c2")
    printf 'round %d: xlate %s s (CPU %s s), ast-grep %s s (CPU %s s)\n' "$round" "$w" "$c" "$w2" "$c2"
done
ratio() { awk -v x="$1" -v a="$2" 'BEGIN { if (a + 0 > 0) printf "%.2f", x / a; else printf "-" }'; }
xm=$(printf '%s\n' "${xw[@]}" | median)
am=$(printf '%s\n' "${aw[@]}" | median)
echo "median wall of $rounds: xlate units --json $xm s, ast-grep run --json=compact $am s"
echo "ratio xlate / ast-grep (wall): $(ratio "$xm" "$am")"
if [ -x /usr/bin/time ]; then
    xcm=$(printf '%s\n' "${xc[@]}" | median)
    acm=$(printf '%s\n' "${ac[@]}" | median)
    echo "median CPU of $rounds: xlate $xcm s, ast-grep $acm s; ratio (CPU): $(ratio "$xcm" "$acm")"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
