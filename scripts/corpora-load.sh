#!/usr/bin/env bash
# Modules that load, before and after: translates the real-code corpora with
# the rules engine using two xlate binaries, then loads every output module
# of each tree the same way (Python: `python3 -c "import MODULE"` with the
# output root on sys.path; JavaScript: `node` importing the file, ES module
# or CommonJS as written) and prints one table row per direction:
#
#   direction | modules | load before | load after | after, by its report
#
# The last column is what the AFTER binary's own load step (src/verify/
# load.rs) counted in xlate-report.json, as a cross-check; "-" for a binary
# without one.
#
# Usage: scripts/corpora-load.sh [BEFORE] [AFTER]
#   BEFORE   default /tmp/xlate-before (main at 8e8a8dc)
#   AFTER    default target/debug/xlate
#   CORPORA  default /tmp/corpora (laid out by ../shared/tools/dev_corpora.sh)
#   STDLIB   default /usr/lib/python3.11
#   JOBS     files translated in parallel, default 2
#   DIRECTIONS  a space-separated subset of the names below, default all
#
# Each module is loaded in a temporary copy of its output tree, with
# a 20 s limit and, where `unshare -rn` works, no network: corpora are
# libraries whose top-level code defines things, but nothing here trusts
# that. Timings on a loaded machine vary; counts do not.
set -u

BEFORE=${1:-/tmp/xlate-before}
AFTER=${2:-target/debug/xlate}
CORPORA=${CORPORA:-/tmp/corpora}
STDLIB=${STDLIB:-/usr/lib/python3.11}
JOBS=${JOBS:-2}
WORK=$(mktemp -d /tmp/xlate-corpora-load.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

# The bounded subset of the standard library: pure-Python modules of
# functions and classes, each a single file.
STDLIB_MODULES="bisect colorsys fnmatch textwrap shlex statistics fractions difflib
graphlib keyword calendar string base64 quopri reprlib operator copy heapq genericpath posixpath"
mkdir -p "$WORK/stdlib"
for m in $STDLIB_MODULES; do cp "$STDLIB/$m.py" "$WORK/stdlib/" 2>/dev/null; done

# name | source | target. The JavaScript corpora are bounded to the ES
# modules of underscore and @datastructures-js (lodash and date-fns hold
# 2,500 files between them: hours of process starts on a 2-core machine),
# the Rust ones to two small crates of pure functions and one enum.
ALL="python-js|$CORPORA/python|js
stdlib-js|$WORK/stdlib|js
datastructures-py|$CORPORA/javascript/@datastructures-js|py
underscore-py|$CORPORA/javascript/underscore/modules|py
rust-strsim-py|$CORPORA/rust/strsim-0.11.1/src|py
rust-strsim-js|$CORPORA/rust/strsim-0.11.1/src|js
rust-either-py|$CORPORA/rust/either-1.19.0/src|py
rust-either-js|$CORPORA/rust/either-1.19.0/src|js"
DIRECTIONS=${DIRECTIONS:-$(echo "$ALL" | cut -d'|' -f1 | tr '\n' ' ')}

NET=""
if unshare -rn true 2>/dev/null; then NET="unshare -rn"; fi

# Loads every module of the output tree $1 (listed in its report) and
# prints "loaded total".
count_loads() {
  python3 - "$1" "$NET" <<'PY'
import json, os, shutil, subprocess, sys, tempfile
out, net = sys.argv[1], sys.argv[2].split()
try:
    report = json.load(open(os.path.join(out, "xlate-report.json")))
except (OSError, ValueError):
    print("0 0"); sys.exit()
loaded = total = 0
copy = tempfile.mkdtemp(prefix="xlate-load-copy-")
tree = os.path.join(copy, "tree")
shutil.copytree(out, tree, symlinks=True)
for f in report.get("files", []):
    rel = f["output"]
    if rel.endswith(".py"):
        parts = rel[:-3].split("/")
        if parts[-1] == "__init__" and len(parts) > 1:
            parts.pop()
        cmd = ["python3", "-I", "-B", "-c",
               "import sys, importlib; sys.path.insert(0, '.'); importlib.import_module(sys.argv[1])",
               ".".join(parts)]
    elif rel.endswith((".js", ".mjs", ".cjs")):
        cmd = ["node", "--input-type=module", "-e",
               "import { pathToFileURL } from 'node:url'; await import(pathToFileURL(process.argv[1]).href);",
               rel]
    else:
        continue
    total += 1
    try:
        done = subprocess.run(net + ["timeout", "20"] + cmd, cwd=tree,
                              stdin=subprocess.DEVNULL, capture_output=True)
        loaded += done.returncode == 0
    except OSError:
        pass
shutil.rmtree(copy, ignore_errors=True)
print(loaded, total)
PY
}

# The AFTER binary's own count, from its report's totals.
reported() {
  python3 - "$1" <<'PY'
import json, sys
try:
    t = json.load(open(sys.argv[1] + "/xlate-report.json"))["totals"]
except (OSError, ValueError, KeyError):
    print("-"); sys.exit()
n = t.get("modules_load_checked", 0)
print(f"{t.get('modules_loaded', 0)} of {n}" if n else "-")
PY
}

printf '| direction | modules | load before | load after | after, by its report |\n|---|---:|---:|---:|---:|\n'
echo "$ALL" | while IFS='|' read -r name src to; do
  case " $DIRECTIONS " in *" $name "*) ;; *) continue ;; esac
  [ -d "$src" ] || { echo "| $name | (no $src) | | | |"; continue; }
  for side in before after; do
    bin=$BEFORE; [ $side = after ] && bin=$AFTER
    "$bin" translate "$src" --to "$to" --engine rules --no-cache --quiet \
      --out "$WORK/$side-$name" --verify compile -j "$JOBS" >"$WORK/$side-$name.log" 2>&1
  done
  read -r before_ok before_n < <(count_loads "$WORK/before-$name")
  read -r after_ok after_n < <(count_loads "$WORK/after-$name")
  echo "| $name | $after_n | $before_ok of $before_n | $after_ok of $after_n | $(reported "$WORK/after-$name") |"
done
