#!/usr/bin/env bash
# The prefix-cache numbers of docs/performance.md in one run: the multi-turn replay (4 conversations × 8 turns,
# 200-word system prompt, 200 words per user turn, 48 output tokens) against one node with the prefix cache on, the
# same node with it off, and llama-server on the same GGUF when LLAMA_SERVER names its binary; interleaved, ROUNDS
# times (default 2). Turn 1 of each run is the cold case: four fresh prompts arriving together.
# Usage: [LLAMA_SERVER=path/to/llama-server] [ROUNDS=2] bench/replay-bench.sh   (JSON reports to $OUT, default /tmp)
# SYSTEM_WORDS, TURN_WORDS and OUTPUT_TOKENS shrink the workload (defaults 200, 200, 48); MODEL and THREADS as named.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${OUT:-/tmp}"
mkdir -p "$out"
rounds="${ROUNDS:-2}"
model="${MODEL:-/tmp/synapse-bench-models/smollm2-135m-q8_0.gguf}"
threads="${THREADS:-$(nproc)}"
replay=(--replay --conversations 4 --turns 8 --system-words "${SYSTEM_WORDS:-200}" --turn-words "${TURN_WORDS:-200}" --output-tokens "${OUTPUT_TOKENS:-48}")

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

run_synapse() { # name, extra node flags...
  local name="$1"; shift
  "${synapse[@]}" node --model "$model" --parallel 4 --ctx-size 8192 --threads "$threads" --host 127.0.0.1 --port 18300 "$@" \
    >"$out/replay-$name.log" 2>&1 & pid=$!
  wait_ready http://127.0.0.1:18300/health/ready
  "${synapse[@]}" bench --url http://127.0.0.1:18300/v1 "${replay[@]}" --json "$out/replay-$name.json"
  cleanup
}

run_llama() { # name
  "$LLAMA_SERVER" -m "$model" -np 4 -c 32768 -t "$threads" --host 127.0.0.1 --port 18301 >"$out/replay-$1.log" 2>&1 & pid=$!
  wait_ready http://127.0.0.1:18301/health
  # llama-server now and then closes a pooled connection mid-run (a failed request in its report); keep the other rounds.
  "${synapse[@]}" bench --url http://127.0.0.1:18301/v1 "${replay[@]}" --json "$out/replay-$1.json" \
    || echo "llama-server run $1 had failed requests (counted in its report above)"
  cleanup
}

for round in $(seq 1 "$rounds"); do
  echo "== round $round: synapse, prefix cache on"; run_synapse "cache-on-$round"
  echo "== round $round: synapse, prefix cache off"; run_synapse "cache-off-$round" --prefix-cache false
  if [ -n "${LLAMA_SERVER:-}" ]; then echo "== round $round: llama-server"; run_llama "llama-server-$round"; fi
done
