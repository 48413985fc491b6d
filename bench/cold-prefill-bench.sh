#!/usr/bin/env bash
# Cold prefill (docs/performance.md, "Cold prefill"): turn 1 of the multi-turn replay — four fresh prompts of a
# 200-word shared system prompt plus a 200-word user message arriving together, 48 output tokens — against a fresh
# Synapse node (4 slots of 8,192 tokens, its defaults otherwise) and a fresh llama-server on the same GGUF
# (-np 4 -c 32768, its defaults), interleaved, ROUNDS times (default 3). Each server is started anew for every run,
# so nothing is cached. Prints turn-1 TTFT p50 per server and run, the CPU seconds the server process spent on the
# run (utime+stime from /proc, which a busy machine distorts less than wall time), the load average, and Synapse's
# TTFT ratio to llama-server per round.
# Usage: [LLAMA_SERVER=path/to/llama-server] [ROUNDS=3] [MODEL=file.gguf] [THREADS=n] [NODE_ARGS="--prefill-chunk 512"] bench/cold-prefill-bench.sh [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-/tmp/synapse-cold-prefill}"
rounds="${ROUNDS:-3}"
model="${MODEL:-/tmp/synapse-bench-models/smollm2-135m-q8_0.gguf}"
threads="${THREADS:-$(nproc)}"
llama="${LLAMA_SERVER:-$(command -v llama-server || true)}"
[[ -n "$llama" && -x "$llama" ]] || { echo "cold-prefill-bench: no llama-server binary; set LLAMA_SERVER=path/to/llama-server" >&2; exit 2; }
replay=(--replay --conversations 4 --turns 1 --system-words 200 --turn-words 200 --output-tokens 48)
mkdir -p "$out"

# SYNAPSE_DLL: a synapse.dll built beforehand (e.g. a copy, so a build running meanwhile cannot swap it mid-run).
if [ -n "${SYNAPSE_DLL:-}" ]; then synapse=(dotnet "$SYNAPSE_DLL"); else
  dotnet build src/Synapse.Cli -c Release --verbosity quiet >/dev/null
  synapse=(dotnet src/Synapse.Cli/bin/Release/net10.0/synapse.dll)
fi
[ -f "$model" ] || { mkdir -p "$(dirname "$model")"; "${synapse[@]}" gen-model --shape smollm2-135m --quant Q8_0 --out "$model"; }

pid=""
cleanup() { [ -z "$pid" ] || { kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }; pid=""; }
trap cleanup EXIT
wait_ready() { for _ in $(seq 1 1200); do curl -sf "$1" >/dev/null && return 0; sleep 0.1; done; echo "not ready: $1" >&2; return 1; }
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }

measure() { # name url  (the server runs as $pid)
  local before after
  before=$(cpu "$pid")
  "${synapse[@]}" bench --url "$2" "${replay[@]}" --json "$out/$1.json" >"$out/$1.txt"
  after=$(cpu "$pid")
  python3 - "$out/$1.json" "$1" "$before" "$after" "$(getconf CLK_TCK)" <<'PY'
import json, sys
def find(node, key):  # the replay's overall TTFT p50 (one turn: turn 1's), wherever the report nests it
    if isinstance(node, dict):
        for k, v in node.items():
            if k.lower() == key: return v
        node = list(node.values())
    if isinstance(node, list):
        for v in node:
            if (found := find(v, key)) is not None: return found
    return None
ttft = find(json.load(open(sys.argv[1])), "ttft_p50_ms")
cpu = (float(sys.argv[4]) - float(sys.argv[3])) / float(sys.argv[5])
load = open("/proc/loadavg").read().split()[0]
print(f"{sys.argv[2]:<22} turn-1 TTFT p50 {ttft / 1000:7.2f} s   server CPU {cpu:6.2f} s   load {load}", flush=True)
open(sys.argv[1] + ".ttft", "w").write(str(ttft))
PY
}

for round in $(seq 1 "$rounds"); do
  order=(synapse llama); (( round % 2 )) || order=(llama synapse)
  for server in "${order[@]}"; do
    if [ "$server" = synapse ]; then
      # shellcheck disable=SC2086
      "${synapse[@]}" node --model "$model" --parallel 4 --ctx-size 8192 --threads "$threads" --host 127.0.0.1 --port 18320 ${NODE_ARGS:-} \
        >"$out/synapse-$round.log" 2>&1 & pid=$!
      wait_ready http://127.0.0.1:18320/health/ready
      measure "synapse-$round" http://127.0.0.1:18320/v1
    else
      "$llama" -m "$model" -np 4 -c 32768 -t "$threads" --host 127.0.0.1 --port 18321 >"$out/llama-server-$round.log" 2>&1 & pid=$!
      wait_ready http://127.0.0.1:18321/health
      measure "llama-server-$round" http://127.0.0.1:18321/v1
    fi
    cleanup
  done
  python3 -c "import sys; s, l = (float(open(f'$out/{n}-$round.json.ttft').read()) for n in ('synapse', 'llama-server')); print(f'round $round: Synapse / llama-server turn-1 TTFT p50 = {s / l:.2f}')"
done
