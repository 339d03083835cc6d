#!/usr/bin/env bash
# Units the rules engine translates on the real-code corpora, per direction,
# and the ten most frequent declines of each direction (the engine's to-do
# list), for issue 12's figures in docs/rules.md.
#
# usage: scripts/corpora-coverage.sh [XLATE]
# env:   CORPORA (default /tmp/corpora, laid out by ../shared/tools/dev_corpora.sh),
#        DIRECTIONS (default: all six, e.g. "python:javascript rust:python"),
#        VERIFY (default compile: the level `--verify` runs at),
#        JOBS (default 2), TOP (default 10), KEEP (a folder to keep the outputs in)
#
# A unit is a function, method or class (glue is not counted); "translated"
# means written as code after every check of `--verify` (a unit whose code
# does not compile is not counted); "in files that load" counts those of
# them whose output file also loads (python3 imports it, node requires it):
# a file fails to load on a name another file does not define (a declined
# unit's) or on an import cycle, which the unit's own check does not see. Declines are grouped by their reason with
# the line number taken out. The Python corpus leaves out `tlz` (an alias
# package that re-exports toolz at import time).
set -euo pipefail

xlate=${1:-target/debug/xlate}
corpora=${CORPORA:-/tmp/corpora}
directions=${DIRECTIONS:-python:javascript javascript:python python:rust javascript:rust rust:python rust:javascript}
verify=${VERIFY:-compile}
jobs=${JOBS:-2}
top=${TOP:-10}

[ -x "$xlate" ] || { echo "missing: $xlate (cargo build first)" >&2; exit 1; }
for lang in python javascript rust; do
    [ -d "$corpora/$lang" ] || { echo "missing: $corpora/$lang (run ../shared/tools/dev_corpora.sh $corpora)" >&2; exit 1; }
done

work=${KEEP:-$(mktemp -d)}
mkdir -p "$work"
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT

# The Python corpus without tlz, as a tree of links (the source is only read).
mkdir -p "$work/src/python"
for pkg in "$corpora"/python/*; do
    [ "$(basename "$pkg")" = tlz ] || ln -sfn "$pkg" "$work/src/python/$(basename "$pkg")"
done

source_of() {
    case "$1" in
        python) echo "$work/src/python" ;;
        *) echo "$corpora/$1" ;;
    esac
}

printf '| direction | files | units | translated | share | in files that load | seconds |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n' >"$work/table.md"
: >"$work/declines.md"
for direction in $directions; do
    from=${direction%%:*}
    to=${direction##*:}
    out="$work/out-$from-$to"
    rm -rf "$out"
    start=$(date +%s)
    # Exit 1 (some units not translated) is the expected outcome here.
    "$xlate" translate "$(source_of "$from")" --from "$from" --to "$to" --engine rules \
        --verify "$verify" --no-cache -j "$jobs" --out "$out" >"$work/log-$from-$to" 2>&1 || true
    seconds=$(($(date +%s) - start))
    [ -f "$out/xlate-report.json" ] || { echo "$from → $to: no report (see $work/log-$from-$to)" >&2; continue; }
    python3 - "$out/xlate-report.json" "$from → $to" "$seconds" "$top" "$work/table.md" "$work/declines.md" <<'PY'
import collections, json, re, sys

report_path, direction, seconds, top, table_path, declines_path = sys.argv[1:]
report = json.load(open(report_path))
units = translated = loading = 0
declines = collections.Counter()
for file in report["files"]:
    loads = (file.get("load") or {}).get("loads") is not False
    for unit in file.get("units", []):
        if unit.get("kind") == "glue":
            continue
        units += 1
        if unit.get("status") == "translated":
            translated += 1
            loading += loads
            continue
        for reason in unit.get("reasons", [])[:1]:
            reason = re.sub(r" at line \d+", "", reason)
            reason = re.sub(r" at \d+:\d+", "", reason)
            declines[reason] += 1
share = 100.0 * translated / units if units else 0.0
with open(table_path, "a") as table:
    table.write(f"| {direction} | {len(report['files'])} | {units:,} | {translated:,} | {share:.1f}% | {loading:,} | {seconds} |\n")
with open(declines_path, "a") as out:
    out.write(f"\n**{direction}**, the {top} most frequent reasons of {units - translated:,} units not translated:\n\n")
    out.write("| units | reason |\n| ---: | --- |\n")
    for reason, count in declines.most_common(int(top)):
        cell = reason.replace("|", "\\|")
        out.write(f"| {count} | {cell} |\n")
PY
done
cat "$work/table.md" "$work/declines.md"
