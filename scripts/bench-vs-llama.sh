#!/usr/bin/env bash
# Side-by-side speed and peak memory of `xlate model bench` and llama.cpp's
# `llama-bench` on the same model files and threads, for the README's table.
#
# usage: scripts/bench-vs-llama.sh [ROUNDS]
# env:   LLAMA_PEER (default /work/llama-peer), XLATE (default target/release/xlate),
#        THREADS (2), PROMPT (128), GEN (64),
#        CPU (unset: xlate picks the best path; else passed as `--cpu`, e.g. avx2),
#        LLAMA_BUILD (the peer's build folder; default build-avx2 when CPU=avx2,
#        else build), MODELS (default "qwen05-q4km qwen05-q8"),
#        REPS (timed runs per tool and file; default: each tool's own, 5 for
#        llama-bench and 3 for xlate)
# For the AVX2 comparison of issue 17, both sides capped at AVX2:
#   CPU=avx2 scripts/bench-vs-llama.sh 3
# The peer and the random-weight models come from ../shared/tools/build_llama_peer.sh.
set -euo pipefail

rounds=${1:-1}
peer=${LLAMA_PEER:-/work/llama-peer}
xlate=${XLATE:-target/release/xlate}
threads=${THREADS:-2}
prompt=${PROMPT:-128}
gen=${GEN:-64}
cpu=${CPU:-}
if [ "$cpu" = avx2 ]; then default_build=build-avx2; else default_build=build; fi
llama_bench="$peer/${LLAMA_BUILD:-$default_build}/bin/llama-bench"
models=${MODELS:-qwen05-q4km qwen05-q8}
cpu_args=()
[ -n "$cpu" ] && cpu_args=(--cpu "$cpu")
llama_reps=()
xlate_reps=()
if [ -n "${REPS:-}" ]; then
    llama_reps=(-r "$REPS")
    xlate_reps=(--repetitions "$REPS")
fi

for tool in "$llama_bench" "$xlate" /usr/bin/time; do
    [ -x "$tool" ] || { echo "missing: $tool" >&2; exit 1; }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Peak resident set size of the last run, in MiB.
rss_mib() { awk -F: '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$tmp/time"; }

echo "llama.cpp: $llama_bench; xlate: $xlate ${cpu_args[*]}"
printf '| round | model | llama.cpp prefill | xlate prefill | ratio | llama.cpp decode | xlate decode | ratio | llama.cpp RSS MiB | xlate RSS MiB | ratio |\n'
printf '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n'
for round in $(seq 1 "$rounds"); do
    for model in $models; do
        file="$peer/$model.gguf"
        /usr/bin/time -v -o "$tmp/time" "$llama_bench" -m "$file" -t "$threads" -p "$prompt" -n "$gen" "${llama_reps[@]}" -o csv >"$tmp/llama.csv" 2>/dev/null
        l_rss=$(rss_mib)
        # CSV columns by header name: n_prompt, n_gen, avg_ts.
        read -r l_pre l_dec < <(python3 - "$tmp/llama.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
pre = next(float(r["avg_ts"]) for r in rows if int(r["n_prompt"]) > 0)
dec = next(float(r["avg_ts"]) for r in rows if int(r["n_gen"]) > 0)
print(f"{pre:.1f} {dec:.1f}")
PY
)
        /usr/bin/time -v -o "$tmp/time" "$xlate" model bench "$file" --threads "$threads" \
            --prompt-tokens "$prompt" --gen-tokens "$gen" "${cpu_args[@]}" "${xlate_reps[@]}" >"$tmp/xlate.txt" 2>/dev/null
        x_rss=$(rss_mib)
        x_pre=$(awk '/^prefill:/ { print $2 }' "$tmp/xlate.txt")
        x_dec=$(awk '/^decode:/ { print $2 }' "$tmp/xlate.txt")
        ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }
        printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' \
            "$round" "$model" "$l_pre" "$x_pre" "$(ratio "$x_pre" "$l_pre")" \
            "$l_dec" "$x_dec" "$(ratio "$x_dec" "$l_dec")" \
            "$l_rss" "$x_rss" "$(ratio "$x_rss" "$l_rss")"
    done
done
