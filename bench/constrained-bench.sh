#!/usr/bin/env bash
# Structured outputs' cost (docs/performance.md, "Structured outputs"): output tokens/s of a schema-constrained chat
# request against the same request unconstrained, through HTTP on one node, at concurrency 1 and 8, interleaved
# (the order flips every round) and repeated. A SmolLM2-135M-shaped Q8_0 model (random weights), greedy, ignore_eos,
# so both sides generate exactly --output-tokens tokens per request. The schema (an object holding a list of strings,
# no length bounds) keeps the grammar active for the whole reply.
# Usage: bench/constrained-bench.sh [ROUNDS] [OUTPUT_TOKENS] [REQUESTS_PER_STREAM] [THREADS]
#   (builds synapse once; JSON reports to $OUT, default /tmp; THREADS: the node's --threads, default all cores)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-3}"
output_tokens="${2:-128}"
per_stream="${3:-2}"
out="${OUT:-/tmp}/constrained-bench"
mkdir -p "$out"
model=/tmp/synapse-bench-models/smollm2-135m-q8_0.gguf
port=18300

# SYNAPSE_DLL: a synapse.dll built elsewhere (e.g. a copy, so the tree can be rebuilt while this runs); else built here.
if [ -z "${SYNAPSE_DLL:-}" ]; then dotnet build src/Synapse.Cli -c Release --verbosity quiet >/dev/null; fi
synapse=(dotnet "${SYNAPSE_DLL:-src/Synapse.Cli/bin/Release/net10.0/synapse.dll}")
[ -f "$model" ] || { mkdir -p "$(dirname "$model")"; "${synapse[@]}" gen-model --shape smollm2-135m --quant Q8_0 --out "$model"; }

cat >"$out/schema.json" <<'JSON'
{"type": "object", "properties": {"items": {"type": "array", "items": {"type": "string"}}}, "required": ["items"], "additionalProperties": false}
JSON

pids=()
cleanup() { for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
wait_ready() { for _ in $(seq 1 600); do curl -sf "$1/health/ready" >/dev/null && return 0; sleep 0.1; done; echo "not ready: $1" >&2; return 1; }

"${synapse[@]}" node --model "$model" --model-aliases bench --parallel 8 ${4:+--threads "$4"} --host 127.0.0.1 --port "$port" >"$out/node.log" 2>&1 & pids+=($!)
wait_ready "http://127.0.0.1:$port"

run() { # KIND CONCURRENCY ROUND
  local extra=()
  [ "$1" = constrained ] && extra=(--response-format-schema "$out/schema.json")
  "${synapse[@]}" bench --url "http://127.0.0.1:$port/v1" --model bench --concurrency "$2" --requests $((per_stream * $2 > 2 ? per_stream * $2 : 2)) \
    --prompt-tokens 64 --output-tokens "$output_tokens" "${extra[@]}" --json "$out/$1-c$2-r$3.json" >/dev/null 2>&1
}

for round in $(seq 1 "$rounds"); do
  for concurrency in 1 8; do
    if [ $((round % 2)) -eq 1 ]; then order=(plain constrained); else order=(constrained plain); fi
    for kind in "${order[@]}"; do
      run "$kind" "$concurrency" "$round"
      echo "round $round, concurrency $concurrency: $kind done"
    done
  done
done

python3 - "$out" "$rounds" <<'PY'
import json, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
def level(kind, c, r):
    report = json.load(open(f"{out}/{kind}-c{c}-r{r}.json"))
    lvl = report["runs"][0]["levels"][0] if "runs" in report else report["levels"][0]
    assert lvl["failed"] == 0, f"{kind} c{c} r{r}: {lvl['failed']} failed"
    return lvl["output_tokens_per_s"], lvl["output_tokens"]
print(f"output tokens/s, plain vs json_schema, {rounds} interleaved rounds")
for c in (1, 8):
    plain = [level("plain", c, r) for r in range(1, rounds + 1)]
    constrained = [level("constrained", c, r) for r in range(1, rounds + 1)]
    ratios = [k[0] / p[0] for p, k in zip(plain, constrained)]
    print(f"  concurrency {c}: plain {' '.join(f'{p[0]:.1f}' for p in plain)}, json_schema {' '.join(f'{k[0]:.1f}' for k in constrained)}"
          f" (tokens {plain[0][1]} vs {constrained[0][1]}); per-round ratio {' '.join(f'{x:.3f}' for x in ratios)},"
          f" median {statistics.median(ratios):.3f} -> json_schema {100 * (1 - statistics.median(ratios)):.1f}% slower")
PY
