#!/usr/bin/env bash
# The soak of docs/performance.md: the multi-turn replay against one node (prefix cache and host-memory tier on,
# SYNAPSE_CACHE_RAM_MB small) again and again for DURATION seconds, sampling every INTERVAL seconds the node's
# resident memory (VmRSS from /proc) and its host tier's bytes and entries (/metrics). More conversations than slots,
# so slots are taken over by other conversations and their states go to (and come back from) the host tier.
# Writes $OUT/soak.csv (elapsed_s, rss_kib, host_bytes, host_entries, replay_rounds) and prints the RSS summary
# (start, min, max, end, least-squares slope) at the end. With COUNTERS=<path to dotnet-counters> (a dotnet tool:
# `dotnet tool install dotnet-counters --tool-path DIR`) it also records the node's System.Runtime counters (GC heap
# size, collections per generation, allocation rate, ...) every INTERVAL seconds into $OUT/soak-counters.csv.
# Usage: [DURATION=1800] [INTERVAL=10] [CACHE_RAM_MB=128] [CONVERSATIONS=8] [PARALLEL=4] [TURNS=8]
#        [SYSTEM_WORDS=100] [TURN_WORDS=100] [OUTPUT_TOKENS=32] [THREADS=n] [MODEL=file] [COUNTERS=path]
#        bench/soak-replay.sh (reports to $OUT, default /tmp)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${OUT:-/tmp}"
duration="${DURATION:-1800}"
interval="${INTERVAL:-10}"
cache_mb="${CACHE_RAM_MB:-128}"
model="${MODEL:-/tmp/synapse-bench-models/smollm2-135m-q8_0.gguf}"
threads="${THREADS:-$(nproc)}"
port="${PORT:-18500}"
replay=(--replay --conversations "${CONVERSATIONS:-8}" --turns "${TURNS:-8}" --system-words "${SYSTEM_WORDS:-100}"
  --turn-words "${TURN_WORDS:-100}" --output-tokens "${OUTPUT_TOKENS:-32}")

# SYNAPSE_DLL: a synapse.dll built beforehand (e.g. a copy, so a build running meanwhile cannot swap it mid-run).
if [ -n "${SYNAPSE_DLL:-}" ]; then synapse=(dotnet "$SYNAPSE_DLL"); else
  dotnet build src/Synapse.Cli -c Release --verbosity quiet >/dev/null
  synapse=(dotnet src/Synapse.Cli/bin/Release/net10.0/synapse.dll)
fi
[ -f "$model" ] || { mkdir -p "$(dirname "$model")"; "${synapse[@]}" gen-model --shape smollm2-135m --quant Q8_0 --out "$model"; }

node="" load="" counters=""
cleanup() {
  [ -z "$counters" ] || { kill -TERM "$counters" 2>/dev/null || true; wait "$counters" 2>/dev/null || true; }
  [ -z "$load" ] || { kill -TERM "$load" 2>/dev/null || true; wait "$load" 2>/dev/null || true; }
  [ -z "$node" ] || { kill -TERM "$node" 2>/dev/null || true; wait "$node" 2>/dev/null || true; }
  counters="" load="" node=""
}
trap cleanup EXIT

SYNAPSE_CACHE_RAM_MB="$cache_mb" "${synapse[@]}" node --model "$model" --parallel "${PARALLEL:-4}" --ctx-size 8192 \
  --threads "$threads" --host 127.0.0.1 --port "$port" >"$out/soak-node.log" 2>&1 & node=$!
for _ in $(seq 1 1200); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.1; done
curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null || { echo "node not ready" >&2; exit 1; }

if [ -n "${COUNTERS:-}" ]; then
  rm -f "$out/soak-counters.csv"
  "$COUNTERS" collect -p "$node" --counters System.Runtime --refresh-interval "$interval" --format csv \
    -o "$out/soak-counters.csv" >"$out/soak-counters.log" 2>&1 </dev/null & counters=$!
fi

# The load: whole replays one after the other; each finished one is counted in $out/soak-rounds.
: >"$out/soak-rounds"
( while true; do
    "${synapse[@]}" bench --url "http://127.0.0.1:$port/v1" "${replay[@]}" >>"$out/soak-bench.log" 2>&1 || echo "replay failed" >>"$out/soak-bench.log"
    echo done >>"$out/soak-rounds"
  done ) & load=$!

metric() { awk -v m="$1" '$1 ~ "^"m"({|$)" { v = $NF } END { print (v == "" ? "NA" : v) }' <<<"$2"; }
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "elapsed_s,rss_kib,host_bytes,host_entries,replay_rounds" >"$out/soak.csv"
start=$SECONDS
while (( SECONDS - start <= duration )); do
  rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$node/status")
  metrics=$(curl -s --max-time 5 "http://127.0.0.1:$port/metrics" || true)
  echo "$(( SECONDS - start )),$rss,$(metric synapse_prefix_cache_host_bytes "$metrics"),$(metric synapse_prefix_cache_host_entries "$metrics"),$(wc -l <"$out/soak-rounds")" \
    | tee -a "$out/soak.csv"
  sleep "$interval"
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
cleanup
grep -c "replay failed" "$out/soak-bench.log" | sed 's/^/failed replays: /' || true

awk -F, -v bound="$cache_mb" 'NR > 1 && $2 != "" {
    n++; x = $1; y = $2 / 1024; sx += x; sy += y; sxx += x * x; sxy += x * y
    if (n == 1) first = y; last = y; if (n == 1 || y < min) min = y; if (y > max) max = y
    if ($3 != "NA" && $3 > hmax) hmax = $3
  } END {
    slope = (n * sxy - sx * sy) / (n * sxx - sx * sx) * 60
    printf "RSS MiB: start %.1f, min %.1f, max %.1f, end %.1f, slope %.3f MiB/min over %d samples; host tier max %.1f MiB (bound %d MiB)\n",
      first, min, max, last, slope, n, hmax / 1048576, bound
  }' "$out/soak.csv"
