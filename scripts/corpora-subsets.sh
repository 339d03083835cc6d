#!/usr/bin/env bash
# The two corpora subsets docs/rules.md measures on, as trees of links into a
# corpora folder laid out by ../shared/tools/dev_corpora.sh (nothing copied):
#   OUT/jssub/javascript  lodash, underscore and @datastructures-js (the
#                         JavaScript corpus without date-fns and the `.cjs`
#                         twins' second copy of lodash's modules)
#   OUT/rs-mini/rust      five crates: bit-set 0.8.0, bit-vec 0.8.0, anstyle
#                         1.0.14, anstyle-parse 1.0.0, autocfg 1.5.1
# Each subset also gets empty python/ and rust/ or javascript/ folders, so that
# scripts/corpora-coverage.sh accepts it as CORPORA.
#
# usage: scripts/corpora-subsets.sh [CORPORA] [OUT]   (defaults /tmp/corpora, /tmp)
set -euo pipefail
corpora=${1:-/tmp/corpora}
out=${2:-/tmp}
for d in lodash underscore @datastructures-js; do
    [ -d "$corpora/javascript/$d" ] || { echo "missing: $corpora/javascript/$d (run ../shared/tools/dev_corpora.sh $corpora)" >&2; exit 1; }
done
mkdir -p "$out/jssub/javascript" "$out/jssub/python" "$out/jssub/rust"
for d in lodash underscore @datastructures-js; do
    ln -sfn "$corpora/javascript/$d" "$out/jssub/javascript/$d"
done
mkdir -p "$out/rs-mini/rust" "$out/rs-mini/python" "$out/rs-mini/javascript"
for c in bit-set-0.8.0 bit-vec-0.8.0 anstyle-1.0.14 anstyle-parse-1.0.0 autocfg-1.5.1; do
    [ -d "$corpora/rust/$c" ] || { echo "missing: $corpora/rust/$c (cargo has not fetched it here)" >&2; exit 1; }
    ln -sfn "$corpora/rust/$c" "$out/rs-mini/rust/$c"
done
echo "$out/jssub $out/rs-mini"
