#!/usr/bin/env bash
# Conversion benchmark (docs/performance.md, "Conversion"): writes a random-weight checkpoint of google/gemma-2-2b-it's shape as
# BF16 safetensors, then converts it to Q8_0 and Q4_K_M with `synapse convert --benchmark`, which times a plain
# read of the same files (page cache dropped, then warm) and reports MB/s and peak resident memory per phase.
# Usage: bench/convert-benchmark.sh [WORK_DIR]   (needs ~5.3 GB for the checkpoint plus ~8 GB while converting)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
fixtures="${SYNAPSE_FIXTURES:-$root/../shared/fixtures}"
work="${1:-/tmp/synapse-convert-bench}"
dotnet build "$root/src/Synapse.Cli" -c Release --verbosity quiet
synapse="$root/src/Synapse.Cli/bin/Release/net10.0/synapse"

if [[ ! -f "$work/gemma-2-2b/model.safetensors.index.json" ]]; then
  "$synapse" gen-hf-model --shape gemma-2-2b --tokenizer-from "$fixtures/models/tiny-gemma2" --out "$work/gemma-2-2b"
fi

for quant in Q8_0 Q4_K_M; do
  /usr/bin/time -f "wall %e s, max RSS %M KiB (/usr/bin/time)" \
    "$synapse" convert "$work/gemma-2-2b" --out "$work/gemma-2-2b-$quant.gguf" --quant "$quant" --benchmark --force 2> "$work/convert-$quant.log" \
    || { tail -20 "$work/convert-$quant.log"; exit 1; }
  tail -1 "$work/convert-$quant.log"
done
