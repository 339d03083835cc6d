#!/usr/bin/env bash
# Projects that build, before and after: translates samples of the
# real-code corpora into Rust with the rules engine using two xlate
# binaries, runs `cargo check --offline` on every output crate, and prints
# one table row per direction:
#
#   direction | crates | build before | build after | modules before | modules after
#
# "build" counts crates whose `cargo check --offline` passes; "modules"
# counts output `.rs` files of the crates that no error of `cargo check`
# points at, of all of them (a partial figure: rustc stops at the first
# failing phase, so a file of a crate that fails may hide later errors).
#
# Usage: scripts/corpora-build.sh [BEFORE] [AFTER]
#   BEFORE   default /tmp/xlate-before (main at 8e8a8dc)
#   AFTER    default target/debug/xlate
#   CORPORA  default /tmp/corpora (laid out by ../shared/tools/dev_corpora.sh)
#   SAMPLE   packages per corpus folder, default 6 (the first, by name)
#   JOBS     files translated in parallel, default 1
#   DIRECTIONS  a space-separated subset of the names below, default all
#
# Sample rule, to keep the run bounded: algorithms' first $SAMPLE
# top-level packages by name, each translated as a crate of its own;
# toolz and sortedcontainers whole; @datastructures-js' first $SAMPLE
# packages by name (their `src/`); underscore's `modules/` as one crate.
# cargo runs with `-j 1`, offline, and a 300 s limit per crate, with one
# target folder per side so dependencies-free crates share nothing else.
set -u

BEFORE=${1:-/tmp/xlate-before}
AFTER=${2:-target/debug/xlate}
CORPORA=${CORPORA:-/tmp/corpora}
SAMPLE=${SAMPLE:-6}
JOBS=${JOBS:-1}
WORK=$(mktemp -d /tmp/xlate-corpora-build.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

first() { ls -d "$1"/*/ 2>/dev/null | sort | head -n "$SAMPLE"; }

# name | target | source folders (one crate each)
rows() {
  echo "algorithms-rs|rust|$(first "$CORPORA/python/algorithms" | tr '\n' ' ')"
  echo "toolz-rs|rust|$CORPORA/python/toolz"
  echo "sortedcontainers-rs|rust|$CORPORA/python/sortedcontainers"
  echo "datastructures-rs|rust|$(first "$CORPORA/javascript/@datastructures-js" | sed 's|/$|/src|' | tr '\n' ' ')"
  echo "underscore-rs|rust|$CORPORA/javascript/underscore/modules"
}
DIRECTIONS=${DIRECTIONS:-$(rows | cut -d'|' -f1 | tr '\n' ' ')}

# Checks the crate at $1 with target folder $2; prints "ok total clean":
# ok is 1 when `cargo check` passes, total the crate's `.rs` files, clean
# those no error points at.
check_crate() {
  local out=$1 target=$2
  if [ ! -f "$out/Cargo.toml" ]; then
    echo "0 $(find "$out" -name '*.rs' | wc -l) 0"
    return
  fi
  local log="$out.cargo.log" ok=0
  if (cd "$out" && CARGO_TARGET_DIR=$target timeout 300 cargo check --offline -j 1 \
      --all-targets --message-format short >"$log" 2>&1); then
    ok=1
  fi
  local total bad
  total=$(cd "$out" && find . -name '*.rs' | wc -l)
  bad=$(grep -E '^[^ ]+\.rs:[0-9]+:[0-9]+: error' "$log" | cut -d: -f1 | sort -u | wc -l)
  echo "$ok $total $((total - bad))"
}

printf '| direction | crates | build before | build after | modules before | modules after |\n|---|---:|---:|---:|---:|---:|\n'
rows | while IFS='|' read -r name to sources; do
  case " $DIRECTIONS " in *" $name "*) ;; *) continue ;; esac
  declare -A ok=([before]=0 [after]=0) total=([before]=0 [after]=0) clean=([before]=0 [after]=0)
  n=0
  for src in $sources; do
    [ -d "$src" ] || continue
    n=$((n + 1))
    for side in before after; do
      bin=$BEFORE; [ $side = after ] && bin=$AFTER
      out="$WORK/$side-$name-$n"
      "$bin" translate "$src" --to "$to" --engine rules --no-cache --quiet \
        --out "$out" -j "$JOBS" >"$out.log" 2>&1
      read -r o t c < <(check_crate "$out" "$WORK/target-$side")
      ok[$side]=$((ok[$side] + o)); total[$side]=$((total[$side] + t)); clean[$side]=$((clean[$side] + c))
    done
  done
  echo "| $name | $n | ${ok[before]} of $n | ${ok[after]} of $n | ${clean[before]} of ${total[before]} | ${clean[after]} of ${total[after]} |"
done
