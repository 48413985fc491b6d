#!/usr/bin/env bash
# Which ggml build does the compute-bound work faster (docs/performance.md, "Embeddings" and "Cold prefill")? Runs
# the same llama-server binary twice on the same GGUF — once with its own ggml libraries, once with LLamaSharp's
# prebuilt ones (libggml.so, libggml-base.so, libggml-cpu.so of LLamaSharp.Backend.Cpu's VARIANT folder, default
# avx512) swapped in through LD_LIBRARY_PATH (libllama stays llama-server's: LLamaSharp's lacks symbols it needs) —
# and sends both the same work, interleaved, ROUNDS times (default 3):
#   embeddings: POST /v1/embeddings with BATCH inputs of ~72 tokens (default 4), REQUESTS times (default 2), on
#               the BERT-base-shaped F16 GGUF that bench/embeddings-bench.sh builds;
#   prefill:    POST /completion with a ~2,300-token prompt, n_predict 1, cache_prompt false, on the Q8_0 GGUF of
#               bench/replay-bench.sh (prompt_per_second as llama-server reports it).
# Prints per server and round: wall seconds, the CPU seconds the server process spent (utime+stime from /proc,
# which a busy machine distorts less than wall time) and the load average.
# Usage: [LLAMA_SERVER=path] [ROUNDS=3] [THREADS=n] [VARIANT=avx512] [EMBED_MODEL=f16.gguf] [PREFILL_MODEL=q8_0.gguf] bench/ggml-build-bench.sh [embeddings|prefill|both]
set -euo pipefail
mode="${1:-both}"
rounds="${ROUNDS:-3}"
threads="${THREADS:-$(nproc)}"
variant="${VARIANT:-avx512}"
llama="${LLAMA_SERVER:-$(command -v llama-server || true)}"
[[ -n "$llama" && -x "$llama" ]] || { echo "ggml-build-bench: no llama-server binary; set LLAMA_SERVER=path/to/llama-server" >&2; exit 2; }
lsharp="${LLAMASHARP_NATIVE:-$HOME/.nuget/packages/llamasharp.backend.cpu/0.30.0/LLamaSharpRuntimes/linux-x64/native/$variant}"
[[ -f "$lsharp/libggml-cpu.so" ]] || { echo "ggml-build-bench: no LLamaSharp ggml in $lsharp (restore the solution first, or set LLAMASHARP_NATIVE)" >&2; exit 2; }
embed_model="${EMBED_MODEL:-/tmp/synapse-embeddings-bench/bert-base-F16.gguf}"
prefill_model="${PREFILL_MODEL:-/tmp/synapse-bench-models/smollm2-135m-q8_0.gguf}"
work="$(mktemp -d)"
# A folder of LLamaSharp's ggml under both the names llama-server asks for (sonames with .0) and the plain ones.
for lib in libggml libggml-base libggml-cpu; do ln -s "$lsharp/$lib.so" "$work/$lib.so"; ln -s "$lsharp/$lib.so" "$work/$lib.so.0"; done

pid=""
cleanup() { [ -z "$pid" ] || { kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }; pid=""; }
trap 'cleanup; rm -rf "$work"' EXIT
wait_ready() { for _ in $(seq 1 1200); do curl -sf "$1" >/dev/null && return 0; sleep 0.1; done; echo "not ready: $1" >&2; return 1; }

run() { # kind libdir label
  local kind="$1" libs="$2" label="$3" model args
  if [ "$kind" = embeddings ]; then
    [ -f "$embed_model" ] || { echo "ggml-build-bench: $embed_model missing; run bench/embeddings-bench.sh once (it builds it)" >&2; exit 2; }
    model="$embed_model"; args=(--embedding --pooling mean -np 64 -c 32768 -b 4096 -ub 4096)
  else
    [ -f "$prefill_model" ] || { echo "ggml-build-bench: $prefill_model missing; run bench/replay-bench.sh once (it builds it)" >&2; exit 2; }
    model="$prefill_model"; args=(-c 4096 -b 2048 -ub 512)
  fi
  LD_LIBRARY_PATH="$libs" "$llama" -m "$model" "${args[@]}" -t "$threads" --no-warmup --host 127.0.0.1 --port 18330 \
    >"$work/$label.log" 2>&1 & pid=$!
  wait_ready http://127.0.0.1:18330/health
  python3 - "$kind" "$pid" "$label" "${BATCH:-4}" "${REQUESTS:-2}" <<'PY'
import json, os, random, sys, time, urllib.request
kind, pid, label, batch, requests = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
tck = os.sysconf("SC_CLK_TCK")
def cpu():
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / tck
def post(path, body):
    req = urllib.request.Request("http://127.0.0.1:18330" + path, json.dumps(body).encode(), {"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=1200) as r:
        return json.load(r)
rng = random.Random(7)
words = ("the quick brown fox jumps over lazy dog server model vector search index query document answer cluster "
         "embedding language retrieval system network memory token batch request latency throughput").split()
text = lambda n: " ".join(rng.choice(words) for _ in range(n))
if kind == "embeddings":
    post("/v1/embeddings", {"input": ["warm up"]})
    c0, t0 = cpu(), time.perf_counter()
    for _ in range(requests):
        post("/v1/embeddings", {"input": [text(62) for _ in range(batch)]})
    wall, used = time.perf_counter() - t0, cpu() - c0
    n = batch * requests
    detail = f"{n} embeddings, {used / n * 1000:7.1f} CPU ms per embedding"
else:
    post("/completion", {"prompt": "warm up", "n_predict": 1, "cache_prompt": False})
    c0, t0 = cpu(), time.perf_counter()
    timings = post("/completion", {"prompt": text(900), "n_predict": 1, "cache_prompt": False})["timings"]
    wall, used = time.perf_counter() - t0, cpu() - c0
    detail = f"{timings['prompt_n']} prompt tokens, {timings['prompt_per_second']:7.1f} tok/s"
print(f"{kind:<10} {label:<22} wall {wall:7.2f} s  server CPU {used:7.2f} s  {detail}  load {open('/proc/loadavg').read().split()[0]}", flush=True)
PY
  cleanup
}

kinds=(embeddings prefill); [ "$mode" = both ] || kinds=("$mode")
for round in $(seq 1 "$rounds"); do
  for kind in "${kinds[@]}"; do
    if (( round % 2 )); then run "$kind" "" "llama.cpp-own-ggml"; run "$kind" "$work" "llamasharp-ggml"
    else run "$kind" "$work" "llamasharp-ggml"; run "$kind" "" "llama.cpp-own-ggml"; fi
  done
done
