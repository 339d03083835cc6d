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
# Requests may take an hour (a loaded machine must not turn slow answers
# into timeouts and retries, which would count against the concurrent run).
# Every unit costs one request (--repair-rounds 0, one greedy candidate) of
# GEN generated tokens: the model has random weights and a vocabulary of
# 151,936 tokens, so it practically never ends an answer early, and every
# answer is noise that becomes a TODO(xlate): what is measured is the time to
# get the answers, not their quality. GEN's default, 320, is the length of a
# real answer in this model's vocabulary (single bytes; a space is three
# tokens): a hand translation of one fixture function into Rust, in its
# fence, is 299 to 393 tokens. It is below both engines' own budgets for
# these units (bytes + 128 for the server engine, twice the source's tokens
# + 128 for the model engine), so all three runs generate the same count.
# Each run starts with an empty xlate cache. Neither server run asks for
# log-probabilities (one candidate has nothing to rank), so neither pays
# llama-server's softmax over the vocabulary per generated token.
#
# Besides units per minute, the table shows what llama-server counted: prompt
# tokens it prefilled and those its slots' caches held, and the mean number
# of busy slots per decode step (4 when four requests are really in flight);
# below it, llama-server's own timings of each run: prefill and decode time
# summed over its requests, and their rates.
#
# usage: scripts/bench-server.sh
# env:   LLAMA_PEER (default /work/llama-peer), XLATE (default target/release/xlate),
#        MODEL (default $LLAMA_PEER/qwen05-q4km.gguf), THREADS (2), PARALLEL (4),
#        UNITS (16), PER_FILE (1), GEN (320), BATCH (4), PORT (8093),
#        MODEL_ENGINE (1; 0 leaves the in-process run out)
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
gen=${GEN:-320}
batch=${BATCH:-4}
port=${PORT:-8093}
model_engine=${MODEL_ENGINE:-1}
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

# Runs xlate NAME [ARGS...]; prints "units seconds generated prefilled
# cached busy": generated is the tokens llama-server (or the model engine)
# generated; prefilled and cached are llama-server's prompt tokens
# computed and taken from its cache, busy its mean busy slots per decode
# step ("-" for the model engine).
run() {
    local name=$1; shift
    local start end count
    local generated prefilled=- cached=- busy=-
    local gen0=0 pre0=0 cache0=0 dec0=0 busy0=0 log0=0
    if [ -n "$server_pid" ]; then
        log0=$(wc -l <"$tmp/llama-server.log")
        gen0=$(metric tokens_predicted_total); pre0=$(metric prompt_tokens_total)
        cache0=$(metric prompt_tokens_cached_total); dec0=$(metric n_decode_total)
        busy0=$(metric n_busy_slots_per_decode)
    fi
    start=$(date +%s.%N)
    "$xlate" translate "$tmp/src" --to rust --out "$tmp/out-$name" --cache "$tmp/cache-$name" \
        --max-new-tokens "$gen" --repair-rounds 0 "$@" >"$tmp/$name.log" 2>&1 || true
    end=$(date +%s.%N)
    count=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["totals"]["units"])' \
        "$tmp/out-$name/xlate-report.json")
    if [ -n "$server_pid" ]; then
        generated=$(awk -v a="$(metric tokens_predicted_total)" -v b="$gen0" 'BEGIN { print a - b }')
        prefilled=$(awk -v a="$(metric prompt_tokens_total)" -v b="$pre0" 'BEGIN { print a - b }')
        cached=$(awk -v a="$(metric prompt_tokens_cached_total)" -v b="$cache0" 'BEGIN { print a - b }')
        # The server gives the mean since it started; this run's mean
        # follows from the decode steps before and after.
        busy=$(awk -v d1="$(metric n_decode_total)" -v b1="$(metric n_busy_slots_per_decode)" \
            -v d0="$dec0" -v b0="$busy0" \
            'BEGIN { if (d1 > d0) printf "%.2f", (b1 * d1 - b0 * d0) / (d1 - d0); else print "-" }')
        # How llama-server chose a slot for each request of this run.
        { tail -n +"$((log0 + 1))" "$tmp/llama-server.log" | grep -o 'selected slot by [A-Za-z]*' \
            | sort | uniq -c | awk '{ printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $5 }' || true; } \
            >"$tmp/$name.slots"
        # Where llama-server's time went, from its per-request timings:
        # prefill and decode, each summed over the requests (requests in
        # flight together overlap, so the sums may pass the wall time).
        tail -n +"$((log0 + 1))" "$tmp/llama-server.log" | awk '
            / prompt eval time = / { split($0, a, "prompt eval time ="); split(a[2], b, " ");
                pms += b[1]; ptok += b[4] }
            / eval time = / && !/prompt eval/ { split($0, a, "eval time ="); split(a[2], b, " ");
                ems += b[1]; etok += b[4] }
            END { printf "prefill %d tokens in %.1f s summed (%.1f tokens/s a request), decode %d tokens in %.1f s summed (%.1f tokens/s a slot)",
                ptok, pms / 1000, (pms > 0 ? ptok * 1000 / pms : 0), etok, ems / 1000, (ems > 0 ? etok * 1000 / ems : 0) }' \
            >"$tmp/$name.timings"
    else
        generated=$(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
print(sum(u.get("tokens_out") or 0 for f in r["files"] for u in f["units"]))' \
            "$tmp/out-$name/xlate-report.json")
    fi
    echo "$count $(awk -v a="$end" -v b="$start" 'BEGIN { printf "%.1f", a - b }') $generated $prefilled $cached $busy"
}

"$server_bin" -m "$model" --host 127.0.0.1 --port "$port" --parallel "$parallel" -t "$threads" \
    -c $((2048 * parallel)) --metrics >"$tmp/llama-server.log" 2>&1 &
server_pid=$!
for ((i = 0; i < 600; i++)); do
    curl -sf "$url/health" >/dev/null 2>&1 && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$tmp/llama-server.log" >&2; exit 1; }
    sleep 0.5
done

read -r e_units e_secs e_gen e_pre e_cached e_busy < <(run engine --no-config --engine server --server-url "$url" \
    --concurrency "$parallel" -j "$parallel" --request-timeout 3600)
# The naive client: xlate.toml's [server] turns llama-server's prefix reuse off.
printf '[server]\ncache-prompt = false\n' >"$tmp/naive.toml"
read -r n_units n_secs n_gen n_pre n_cached n_busy < <(run naive --config "$tmp/naive.toml" \
    --engine server --server-url "$url" --concurrency 1 -j 1 --request-timeout 3600)
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=
m_units=0 m_secs=1 m_gen=0
if [ "$model_engine" = 1 ]; then
    read -r m_units m_secs m_gen _ _ _ < <(run model --no-config --engine model --model "$model" \
        --threads "$threads" --batch "$batch")
fi

per_min() { awk -v u="$1" -v s="$2" 'BEGIN { printf "%.1f", u * 60 / s }'; }
e_rate=$(per_min "$e_units" "$e_secs"); n_rate=$(per_min "$n_units" "$n_secs"); m_rate=$(per_min "$m_units" "$m_secs")
vs() { awk -v a="$1" -v b="$n_rate" 'BEGIN { printf "%.2fx", a / b }'; }
echo "model: $(basename "$model"), $threads threads, llama-server --parallel $parallel, $units units ($per_file a file), $gen tokens each"
printf '| client | settings | units | seconds | prompt tokens prefilled | from the cache | busy slots per step | tokens generated | units/min | vs naive |\n'
printf '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n'
printf '| server engine | --concurrency %s, prompt cache on | %s | %s | %s | %s | %s | %s | %s | %s |\n' \
    "$parallel" "$e_units" "$e_secs" "$e_pre" "$e_cached" "$e_busy" "$e_gen" "$e_rate" "$(vs "$e_rate")"
printf '| naive client | --concurrency 1, cache-prompt = false | %s | %s | %s | %s | %s | %s | %s | 1.00x |\n' \
    "$n_units" "$n_secs" "$n_pre" "$n_cached" "$n_busy" "$n_gen" "$n_rate"
if [ "$model_engine" = 1 ]; then
    # Its own account of prefix reuse is the last line of its log.
    saved=$(sed -n 's/.*reused a shared prompt prefix: \([0-9]*\) prefill tokens saved.*/\1/p' "$tmp/model.log" | tail -n 1)
    printf '| model engine (in-process) | --threads %s --batch %s | %s | %s | - | %s | - | %s | %s | %s |\n' \
        "$threads" "$batch" "$m_units" "$m_secs" "${saved:--}" "$m_gen" "$m_rate" "$(vs "$m_rate")"
fi
echo
echo "llama-server's slot choices: engine $(cat "$tmp/engine.slots"); naive $(cat "$tmp/naive.slots")"
echo "llama-server's timings: engine: $(cat "$tmp/engine.timings")"
echo "llama-server's timings: naive: $(cat "$tmp/naive.timings")"
echo "xlate's last line (engine): $(grep 'xlate: server:' "$tmp/engine.log" | tail -n 1)"
