#!/usr/bin/env bash
# The two corpora subsets docs/rules.md measures on, as trees of links into a
# corpora folder laid out by ../shared/tools/dev_corpora.sh (nothing copied):
#   OUT/jssub/javascript  lodash, underscore and @datastructures-js (the
#                         JavaScript corpus without date-fns and the `.cjs`
#                         twins' second copy of lodash's modules)
#   OUT/rs-mini/rust      five crates: bit-set 0.8.0, bit-vec 0.8.0, anstyle
#                         1.0.14, anstyle-parse 1.0.0, autocfg 1.5.1
#   OUT/rs-wide/rust      only with SUBSETS=rs-wide: a wider, deterministic
#                         sample of cargo's registry crates, to check whether
#                         what rs-mini measures holds beyond its five crates.
#                         Rule: list CORPORA/rust's crate folders in byte order
#                         (LC_ALL=C), drop every crate with more than 40 `.rs`
#                         files (big or generated trees such as windows-sys)
#                         and every `*-sys-<version>` binding crate, then take
#                         the 1st, 11th, 21st, ... of what is left (every 10th).
#                         On the 255-crate corpus that is 21 crates, 331 files.
# Each subset also gets empty python/ and rust/ or javascript/ folders, so that
# scripts/corpora-coverage.sh accepts it as CORPORA.
#
# usage: [SUBSETS="jssub rs-mini"] scripts/corpora-subsets.sh [CORPORA] [OUT]
#        (defaults /tmp/corpora, /tmp; SUBSETS picks any of jssub rs-mini rs-wide)
# e.g.   SUBSETS=rs-wide scripts/corpora-subsets.sh /tmp/corpora /tmp/subsets-rswide
#        CORPORA=/tmp/subsets-rswide/rs-wide DIRECTIONS="rust:python rust:javascript" \
#            VERIFY=compile JOBS=1 TOP=20 scripts/corpora-coverage.sh target/release/xlate
set -euo pipefail
corpora=${1:-/tmp/corpora}
out=${2:-/tmp}
subsets=${SUBSETS:-jssub rs-mini}
wants() { case " $subsets " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
built=""
if wants jssub; then
    for d in lodash underscore @datastructures-js; do
        [ -d "$corpora/javascript/$d" ] || { echo "missing: $corpora/javascript/$d (run ../shared/tools/dev_corpora.sh $corpora)" >&2; exit 1; }
    done
    mkdir -p "$out/jssub/javascript" "$out/jssub/python" "$out/jssub/rust"
    for d in lodash underscore @datastructures-js; do
        ln -sfn "$corpora/javascript/$d" "$out/jssub/javascript/$d"
    done
    built="$built $out/jssub"
fi
if wants rs-mini; then
    mkdir -p "$out/rs-mini/rust" "$out/rs-mini/python" "$out/rs-mini/javascript"
    for c in bit-set-0.8.0 bit-vec-0.8.0 anstyle-1.0.14 anstyle-parse-1.0.0 autocfg-1.5.1; do
        [ -d "$corpora/rust/$c" ] || { echo "missing: $corpora/rust/$c (cargo has not fetched it here)" >&2; exit 1; }
        ln -sfn "$corpora/rust/$c" "$out/rs-mini/rust/$c"
    done
    built="$built $out/rs-mini"
fi
if wants rs-wide; then
    [ -d "$corpora/rust" ] || { echo "missing: $corpora/rust" >&2; exit 1; }
    mkdir -p "$out/rs-wide/rust" "$out/rs-wide/python" "$out/rs-wide/javascript"
    eligible=0
    while IFS= read -r c; do
        case "$c" in *-sys-[0-9]*) continue ;; esac
        files=$(find -L "$corpora/rust/$c" -name '*.rs' -type f | wc -l)
        [ "$files" -le 40 ] || continue
        if [ $((eligible % 10)) -eq 0 ]; then
            ln -sfn "$corpora/rust/$c" "$out/rs-wide/rust/$c"
        fi
        eligible=$((eligible + 1))
    done < <(cd "$corpora/rust" && for d in */; do echo "${d%/}"; done | LC_ALL=C sort)
    built="$built $out/rs-wide"
fi
echo "${built# }"
