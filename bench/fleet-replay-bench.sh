#!/usr/bin/env bash
# The cache-aware routing numbers of docs/performance.md in one run: three nodes (prefix cache on, 4 slots each)
# behind the balancer, the multi-turn replay (12 conversations at once) through it once per policy, interleaved,
# ROUNDS times (default 1). Each policy gets fresh nodes and a fresh balancer, so no run inherits another's caches.
# Per run: the replay's JSON report (TTFT per turn, cached prompt tokens) and the requests each node served (from
# the balancer's /metrics).
# Usage: [ROUNDS=1] [TURNS=8] [SYSTEM_WORDS=200] [TURN_WORDS=200] [OUTPUT_TOKENS=48] [THREADS=n]
#        [POLICIES="round_robin prefix session"] [SYNAPSE_DLL=path] bench/fleet-replay-bench.sh   (reports to $OUT, default /tmp)
# The load average (/proc/loadavg) is printed before and after each run: on a shared machine it says how much the
# runs competed with other work.
# "session" is round_robin with SYNAPSE_SESSION_AFFINITY on and the replay sending user "replay-N".
set -euo pipefail
cd "$(dirname "$0")/.."
out="${OUT:-/tmp}"
mkdir -p "$out"
rounds="${ROUNDS:-1}"
model="${MODEL:-/tmp/synapse-bench-models/smollm2-135m-q8_0.gguf}"
threads="${THREADS:-$(( $(nproc) / 3 > 0 ? $(nproc) / 3 : 1 ))}"
policies="${POLICIES:-round_robin prefix session}"
replay=(--replay --conversations 12 --turns "${TURNS:-8}" --system-words "${SYSTEM_WORDS:-200}" --turn-words "${TURN_WORDS:-200}"
  --output-tokens "${OUTPUT_TOKENS:-48}")

# SYNAPSE_DLL: a synapse.dll built beforehand (e.g. a copy, so a build running meanwhile cannot swap it mid-run).
if [ -n "${SYNAPSE_DLL:-}" ]; then synapse=(dotnet "$SYNAPSE_DLL"); else
  dotnet build src/Synapse.Cli -c Release --verbosity quiet >/dev/null
  synapse=(dotnet src/Synapse.Cli/bin/Release/net10.0/synapse.dll)
fi
[ -f "$model" ] || { mkdir -p "$(dirname "$model")"; "${synapse[@]}" gen-model --shape smollm2-135m --quant Q8_0 --out "$model"; }

pids=()
cleanup() { for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done; for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done; pids=(); }
trap cleanup EXIT
wait_ready() { for _ in $(seq 1 1200); do curl -sf "$1/health/ready" >/dev/null && return 0; sleep 0.1; done; echo "not ready: $1" >&2; return 1; }

run() { # name, policy
  local name="$1" policy="$2" extra=() balancer_env=()
  if [ "$policy" = session ]; then policy=round_robin; extra=(--session-user); balancer_env=(SYNAPSE_SESSION_AFFINITY=true); fi
  for port in 18400 18401 18402; do
    "${synapse[@]}" node --model "$model" --parallel 4 --ctx-size 8192 --threads "$threads" --host 127.0.0.1 --port "$port" \
      >"$out/fleet-$name-node-$port.log" 2>&1 & pids+=($!)
  done
  for port in 18400 18401 18402; do wait_ready "http://127.0.0.1:$port"; done
  env "${balancer_env[@]}" "${synapse[@]}" balancer --nodes http://127.0.0.1:18400,http://127.0.0.1:18401,http://127.0.0.1:18402 \
    --policy "$policy" --host 127.0.0.1 --port 15400 >"$out/fleet-$name-balancer.log" 2>&1 & pids+=($!)
  wait_ready http://127.0.0.1:15400
  echo "load before ($name): $(cut -d' ' -f1-3 /proc/loadavg)"
  "${synapse[@]}" bench --url http://127.0.0.1:15400/v1 "${replay[@]}" "${extra[@]}" --json "$out/fleet-$name.json"
  echo "load after ($name): $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "requests per node ($name):"
  curl -s http://127.0.0.1:15400/metrics | grep '^synapse_balancer_requests_total' | tee "$out/fleet-$name-nodes.txt"
  cleanup
}

for round in $(seq 1 "$rounds"); do
  for policy in $policies; do
    echo "== round $round: $policy"
    run "$policy-$round" "$policy"
  done
done
