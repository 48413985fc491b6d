#!/usr/bin/env bash
# The load-balancer numbers of docs/performance.md in one run:
#  1. a llama.cpp node on a SmolLM2-135M-shaped Q8_0 model, benched directly and through the balancer (concurrency 8);
#  2. the balancer's capacity in requests/s in front of two simulated nodes that answer instantly, against one of
#     those nodes directly.
# Usage: bench/balancer-bench.sh [DURATION_SECONDS]   (builds synapse once; writes JSON reports to $OUT, default /tmp)
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-20}"
out="${OUT:-/tmp}"
model=/tmp/synapse-bench-models/smollm2-135m-q8_0.gguf

dotnet build src/Synapse.Cli -c Release --verbosity quiet >/dev/null
synapse=(dotnet src/Synapse.Cli/bin/Release/net10.0/synapse.dll)
[ -f "$model" ] || { mkdir -p "$(dirname "$model")"; "${synapse[@]}" gen-model --shape smollm2-135m --quant Q8_0 --out "$model"; }

pids=()
cleanup() { for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
wait_ready() { for _ in $(seq 1 600); do curl -sf "$1/health/ready" >/dev/null && return 0; sleep 0.1; done; echo "not ready: $1" >&2; return 1; }

echo "== 1. node directly vs through the balancer (SmolLM2-135M shape, Q8_0, concurrency 8)"
"${synapse[@]}" node --model "$model" --parallel 8 --host 127.0.0.1 --port 18100 >"$out/bench-node.log" 2>&1 & pids+=($!)
wait_ready http://127.0.0.1:18100
"${synapse[@]}" balancer --nodes http://127.0.0.1:18100 --host 127.0.0.1 --port 15100 >"$out/bench-balancer.log" 2>&1 & pids+=($!)
wait_ready http://127.0.0.1:15100
"${synapse[@]}" bench --baseline-url http://127.0.0.1:18100/v1 --url http://127.0.0.1:15100/v1 \
  --concurrency 8 --prompt-tokens 128 --output-tokens 128 --duration "$duration" --json "$out/bench-balancer-llama.json"
cleanup; pids=()

echo "== 2. balancer capacity in front of simulated nodes that answer instantly"
for port in 18200 18201; do
  "${synapse[@]}" node --engine simulated --model sim --sim-tokens-per-second 0 --parallel 256 --queue 4096 \
    --host 127.0.0.1 --port "$port" >"$out/bench-sim-$port.log" 2>&1 & pids+=($!)
done
wait_ready http://127.0.0.1:18200; wait_ready http://127.0.0.1:18201
"${synapse[@]}" balancer --nodes http://127.0.0.1:18200,http://127.0.0.1:18201 --host 127.0.0.1 --port 15200 >"$out/bench-balancer-sim.log" 2>&1 & pids+=($!)
wait_ready http://127.0.0.1:15200
"${synapse[@]}" bench --baseline-url http://127.0.0.1:18200/v1 --url http://127.0.0.1:15200/v1 \
  --concurrency 32 --prompt-tokens 16 --output-tokens 4 --duration "$duration" --json "$out/bench-balancer-sim.json"
