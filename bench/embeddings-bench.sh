#!/usr/bin/env bash
# Embeddings benchmark (docs/performance.md, "Embeddings"): a random-weight BERT-base-shaped checkpoint (bge-base's
# shape, the real bge WordPiece vocabulary from the tiny-bert fixture) converted by Synapse (to F16 unless QUANT says otherwise), served by a Synapse
# node and by llama-server (--embedding --pooling mean) on the same GGUF with the same slots, batch and threads; POST
# /v1/embeddings with batches of 1, 16 and 64 inputs of ~64 tokens, the servers interleaved cell by cell, ROUNDS times.
# Prints embeddings/s per server, batch size and round, and Synapse's ratio to llama-server per cell.
# Usage: [LLAMA_SERVER=/path/llama-server] [ROUNDS=2] [REQUESTS="1:12 16:3 64:1"] [THREADS=n] [QUANT=F16] bench/embeddings-bench.sh [WORK_DIR]
#   QUANT: the GGUF type Synapse converts the checkpoint to (F16, BF16, Q8_0, ...; F32 too); both servers load that file.
#   REQUESTS: per batch size, how many timed requests a cell sends (after one untimed warm-up request of one input).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
fixtures="${SYNAPSE_FIXTURES:-$root/../shared/fixtures}"
work="${1:-/tmp/synapse-embeddings-bench}"
rounds="${ROUNDS:-2}"
requests="${REQUESTS:-1:12 16:3 64:1}"
threads="${THREADS:-$(nproc)}"
# llama-server is the baseline: LLAMA_SERVER names the binary, else the one on PATH.
llama="${LLAMA_SERVER:-$(command -v llama-server || true)}"
[[ -n "$llama" && -x "$llama" ]] || { echo "embeddings-bench: no llama-server binary; set LLAMA_SERVER=path/to/llama-server" >&2; exit 2; }
slots=64
batch=4096
mkdir -p "$work"

dotnet build "$root/src/Synapse.Cli" -c Release --verbosity quiet >/dev/null
synapse=(dotnet "$root/src/Synapse.Cli/bin/Release/net10.0/synapse.dll")
if [[ ! -f "$work/bert-base/config.json" ]]; then
  rm -rf "$work/bert-base" "$work/bert-base.partial"
  "${synapse[@]}" gen-hf-model --shape bert-base --tokenizer-from "$fixtures/models/tiny-bert" --out "$work/bert-base.partial"
  mv "$work/bert-base.partial" "$work/bert-base"
fi
quant="${QUANT:-F16}"
model="$work/bert-base-$quant.gguf"
[[ -f "$model" ]] || "${synapse[@]}" convert "$work/bert-base" --out "$model" --quant "$quant"

pids=()
cleanup() { for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
wait_ready() { for _ in $(seq 1 1200); do curl -sf "$1" >/dev/null && return 0; sleep 0.1; done; echo "not ready: $1" >&2; return 1; }

"${synapse[@]}" node --model "$model" --parallel "$slots" --batch-size "$batch" --threads "$threads" --host 127.0.0.1 --port 18310 \
  >"$work/synapse.log" 2>&1 & pids+=($!)
wait_ready http://127.0.0.1:18310/health/ready
servers=("synapse=http://127.0.0.1:18310")
if [[ -x "$llama" ]]; then
  "$llama" -m "$model" --embedding --pooling mean -np "$slots" -c $((slots * 512)) -b "$batch" -ub "$batch" -t "$threads" \
    --host 127.0.0.1 --port 18311 >"$work/llama-server.log" 2>&1 & pids+=($!)
  wait_ready http://127.0.0.1:18311/health
  servers+=("llama-server=http://127.0.0.1:18311")
fi

# Both servers stay up; only the one being measured has work. Requests are sent one after another (each request is
# one batch of inputs), a warm-up request first in every cell.
python3 - "$rounds" "$requests" "${servers[@]}" <<'PY'
import json, random, sys, time, urllib.request
rounds, servers = int(sys.argv[1]), [s.split("=", 1) for s in sys.argv[3:]]
requests = {int(k): int(v) for k, v in (cell.split(":") for cell in sys.argv[2].split())}
words = ("the quick brown fox jumps over lazy dog server model vector search index query document answer cluster "
         "embedding language retrieval system network memory token batch request latency throughput").split()
rng = random.Random(7)
def texts(n):
    return [" ".join(rng.choice(words) for _ in range(62)) for _ in range(n)]
def post(url, inputs):
    body = json.dumps({"input": inputs}).encode()
    req = urllib.request.Request(url + "/v1/embeddings", body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=600) as r:
        answer = json.load(r)
    assert len(answer["data"]) == len(inputs), answer
    return answer["usage"]["prompt_tokens"]
results = {}
for rnd in range(1, rounds + 1):
    for size, count in requests.items():
        order = servers if rnd % 2 else list(reversed(servers))
        for name, url in order:
            post(url, texts(1))
            start, tokens = time.perf_counter(), 0
            for _ in range(count):
                tokens += post(url, texts(size))
            elapsed = time.perf_counter() - start
            rate = size * count / elapsed
            results[(rnd, size, name)] = rate
            print(f"round {rnd} batch {size:>2} {name:<12} {rate:8.2f} embeddings/s  ({tokens / (size * count):.1f} tokens/input, {count} requests, {elapsed:.1f} s)", flush=True)
        if len(servers) == 2:
            a, b = (results[(rnd, size, n)] for n, _ in servers)
            print(f"round {rnd} batch {size:>2} ratio synapse/llama-server {a / b:.2f}", flush=True)
PY
