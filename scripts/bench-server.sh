#!/usr/bin/env bash
# Units per minute of `--engine server` against a real llama-server, side by
# side in one run with a naive client of the same server and with the
# in-process model engine on the same GGUF file and threads.
#
#   engine   xlate's server engine: --concurrency 4 (one request per slot of
#            `llama-server --parallel 4`), llama-server reusing each slot's
#            cached prompt prefix (its default).
#   naive    the same engine made naive: one request at a time
#            (--concurrency 1 -j 1) and `cache-prompt = false` in [server],
#            so llama-server prefills every prompt from its first token.
#   model    `--engine model` in-process, same file, same threads, --batch.
#
# Every unit costs one request (--repair-rounds 0, one greedy candidate) and
# at most GEN generated tokens; the model has random weights, so every
# answer is noise and becomes a TODO(xlate): what is measured is the
# time to get the answers, not their quality. Each run starts with an empty
# xlate cache.
#
# usage: scripts/bench-server.sh
# env:   LLAMA_PEER (default /work/llama-peer), XLATE (default target/release/xlate),
#        MODEL (default $LLAMA_PEER/qwen05-q4km.gguf), THREADS (2), PARALLEL (4),
#        UNITS (16), PER_FILE (1), GEN (32), BATCH (4), PORT (8093)
# The peer and the random-weight model come from ../shared/tools/build_llama_peer.sh;
# build xlate first with `cargo build --release`.
set -euo pipefail

peer=${LLAMA_PEER:-/work/llama-peer}
xlate=$(realpath "${XLATE:-target/release/xlate}")
model=${MODEL:-$peer/qwen05-q4km.gguf}
threads=${THREADS:-2}
parallel=${PARALLEL:-4}
units=${UNITS:-16}
per_file=${PER_FILE:-1}
gen=${GEN:-32}
batch=${BATCH:-4}
port=${PORT:-8093}
server_bin="$peer/build/bin/llama-server"

for tool in "$server_bin" "$xlate"; do
    [ -x "$tool" ] || { echo "missing: $tool" >&2; exit 1; }
done
[ -f "$model" ] || { echo "missing: $model" >&2; exit 1; }

tmp=$(mktemp -d)
server_pid=
cleanup() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    rm -rf "$tmp"
}
trap cleanup EXIT

# The fixture tree: $units small Python functions, $per_file to a file (the
# units of one file are translated one after another, so files bound the
# requests in flight).
mkdir -p "$tmp/src"
for ((u = 0; u < units; u++)); do
    cat >>"$tmp/src/m$((u / per_file)).py" <<PY
def scale_$u(values, factor, limit=$u):
    """Scales the values below the limit; the others are dropped."""
    kept = [v for v in values if v < limit]
    return [round(v * factor, 2) for v in kept]

PY
done

url="http://127.0.0.1:$port"
unset http_proxy HTTP_PROXY https_proxy HTTPS_PROXY all_proxy ALL_PROXY

metric() { # NAME: one of llama-server's Prometheus figures
    curl -sf "$url/metrics" | awk -v n="llamacpp:$1" '$1 == n { print $2 }'
}

# Runs xlate NAME [ARGS...]; prints "units seconds generated" where
# generated is the tokens llama-server (or the model engine) generated.
run() {
    local name=$1; shift
    local before=0 start end generated count
    [ -n "$server_pid" ] && before=$(metric tokens_predicted_total)
    start=$(date +%s.%N)
    "$xlate" translate "$tmp/src" --to rust --out "$tmp/out-$name" --cache "$tmp/cache-$name" \
        --max-new-tokens "$gen" --repair-rounds 0 "$@" >"$tmp/$name.log" 2>&1 || true
    end=$(date +%s.%N)
    count=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["totals"]["units"])' \
        "$tmp/out-$name/xlate-report.json")
    if [ -n "$server_pid" ]; then
        generated=$(awk -v a="$(metric tokens_predicted_total)" -v b="$before" 'BEGIN { print a - b }')
    else
        generated=$(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
print(sum(u.get("tokens_out") or 0 for f in r["files"] for u in f["units"]))' \
            "$tmp/out-$name/xlate-report.json")
    fi
    echo "$count $(awk -v a="$end" -v b="$start" 'BEGIN { printf "%.1f", a - b }') $generated"
}

"$server_bin" -m "$model" --host 127.0.0.1 --port "$port" --parallel "$parallel" -t "$threads" \
    -c $((2048 * parallel)) --metrics >"$tmp/llama-server.log" 2>&1 &
server_pid=$!
for ((i = 0; i < 600; i++)); do
    curl -sf "$url/health" >/dev/null 2>&1 && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$tmp/llama-server.log" >&2; exit 1; }
    sleep 0.5
done

read -r e_units e_secs e_gen < <(run engine --no-config --engine server --server-url "$url" \
    --concurrency "$parallel" -j "$parallel")
# The naive client: xlate.toml's [server] turns llama-server's prefix reuse off.
printf '[server]\ncache-prompt = false\n' >"$tmp/naive.toml"
read -r n_units n_secs n_gen < <(run naive --config "$tmp/naive.toml" \
    --engine server --server-url "$url" --concurrency 1 -j 1)
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=
read -r m_units m_secs m_gen < <(run model --no-config --engine model --model "$model" \
    --threads "$threads" --batch "$batch")

per_min() { awk -v u="$1" -v s="$2" 'BEGIN { printf "%.1f", u * 60 / s }'; }
e_rate=$(per_min "$e_units" "$e_secs"); n_rate=$(per_min "$n_units" "$n_secs"); m_rate=$(per_min "$m_units" "$m_secs")
vs() { awk -v a="$1" -v b="$n_rate" 'BEGIN { printf "%.2fx", a / b }'; }
echo "model: $(basename "$model"), $threads threads, llama-server --parallel $parallel, $units units, at most $gen tokens each"
printf '| client | settings | units | seconds | tokens generated | units/min | vs naive |\n'
printf '| --- | --- | ---: | ---: | ---: | ---: | ---: |\n'
printf '| server engine | --concurrency %s, prompt cache on | %s | %s | %s | %s | %s |\n' \
    "$parallel" "$e_units" "$e_secs" "$e_gen" "$e_rate" "$(vs "$e_rate")"
printf '| naive client | --concurrency 1, cache-prompt = false | %s | %s | %s | %s | 1.00x |\n' \
    "$n_units" "$n_secs" "$n_gen" "$n_rate"
printf '| model engine (in-process) | --threads %s --batch %s | %s | %s | %s | %s | %s |\n' \
    "$threads" "$batch" "$m_units" "$m_secs" "$m_gen" "$m_rate" "$(vs "$m_rate")"
