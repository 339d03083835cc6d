#!/bin/sh
# The "Real code" table of docs/verification.md: the rules engine under
# `--verify test` on the real-code corpora (../shared/tools/dev_corpora.sh),
# one row after another, each with its time and a summary of its report.
# Usage: scripts/verify-corpora.sh [XLATE] [OUTDIR] [ROWS...]
# XLATE defaults to target/debug/xlate (build it first), OUTDIR to
# verify-corpora-out/, ROWS to all of: stdlib toolz more_itertools
# sortedcontainers algorithms datastructures underscore lodash date-fns
# (and stdlib2, a second standard-library sample, when named).
# CORPORA (default /tmp/corpora) is where dev_corpora.sh laid them out.
set -eu
XLATE=${1:-target/debug/xlate}
OUT=${2:-verify-corpora-out}
[ $# -ge 2 ] && shift 2 || shift $#
ROWS=${*:-stdlib toolz more_itertools sortedcontainers algorithms datastructures underscore lodash date-fns}
C=${CORPORA:-/tmp/corpora}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

# One row: NAME SRC TO [more xlate arguments].
row() {
    name=$1 src=$2 to=$3
    shift 3
    rm -rf "$OUT/$name"
    start=$(date +%s)
    "$XLATE" translate "$src" --to "$to" --engine rules --no-cache --out "$OUT/$name" \
        --verify test -j 2 -q "$@" >"$OUT/$name.log" 2>&1 || true
    took=$(($(date +%s) - start))
    python3 - "$OUT/$name/xlate-report.json" "$name" "$took" "$(cut -d' ' -f1 /proc/loadavg)" <<'EOF'
import collections, json, sys
path, name, took, load = sys.argv[1:]
try:
    report = json.load(open(path))
except OSError as e:
    sys.exit(f"{name}: no report ({e})")
levels, units, translated = collections.Counter(), 0, 0
for f in report["files"]:
    for u in f.get("units", []):
        if u.get("kind") == "glue" or u.get("name") is None:
            continue
        units += 1
        translated += u.get("status") == "translated"
        if u.get("verification"):
            levels[u["verification"]["level"]] += 1
t = report["totals"]
print(f"| {name} | {len(report['files'])} | {units} | {translated} | {levels['tested']} "
      f"| {levels['disagrees']} | {levels['untested']} "
      f"| {t.get('modules_loaded', 0)} of {t.get('modules_load_checked', 0)} | {took} s (load {load}) |")
for f in report["files"]:
    for u in f.get("units", []):
        v = u.get("verification") or {}
        if v.get("level") == "disagrees":
            c = v["counterexample"]
            print(f"  disagrees: {f['source']} {u.get('name')}: on {c['inputs']}: expected {c['expected']}, got {c['got']}")
EOF
}

for r in $ROWS; do
    case $r in
    stdlib)
        # 20 single-file pure-Python modules of the standard library.
        d="$OUT/stdlib-subset"
        mkdir -p "$d"
        for m in bisect colorsys fnmatch textwrap shlex statistics fractions difflib graphlib \
            keyword calendar string base64 quopri reprlib operator copy heapq genericpath posixpath; do
            cp "/usr/lib/python3.11/$m.py" "$d/"
        done
        row stdlib "$d" js
        ;;
    stdlib2)
        # A second sample: 10 more modules of the standard library, larger
        # and with classes (datetime, ipaddress), not in the default rows.
        d="$OUT/stdlib2-subset"
        mkdir -p "$d"
        for m in stat token ntpath nturl2path pprint datetime ipaddress locale _strptime tokenize; do
            cp "/usr/lib/python3.11/$m.py" "$d/"
        done
        row stdlib2 "$d" js
        ;;
    toolz) row toolz "$C/python/toolz" js ;;
    more_itertools) row more_itertools "$C/python/more_itertools" js ;;
    sortedcontainers) row sortedcontainers "$C/python/sortedcontainers" js ;;
    algorithms) row algorithms "$C/python/algorithms" js ;;
    datastructures) row datastructures "$C/javascript/@datastructures-js" py ;;
    underscore) row underscore "$C/javascript/underscore/modules" py ;;
    lodash)
        # The top-level files whose names start with a, b or c (not fp/).
        row lodash "$C/javascript/lodash" py --include '[a-c]*.js' --exclude '*/**'
        ;;
    date-fns)
        # The same rule. The CommonJS twins (`add.cjs` beside `add.js`) are
        # not included; were they, each would get its own output
        # (`add_cjs.py`) and `add.js` would keep `add.py`.
        row date-fns "$C/javascript/date-fns" py --include '[a-c]*.js' --exclude '*/**'
        ;;
    *) echo "unknown row: $r" >&2 ;;
    esac
done
