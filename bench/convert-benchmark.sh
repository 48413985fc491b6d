#!/usr/bin/env bash
# Conversion benchmark (docs/performance.md, "Conversion"): writes a random-weight checkpoint of a real model's shape as
# BF16 safetensors, then converts it with `synapse convert --benchmark`, which times a plain read of the same files
# (page cache dropped, then warm) and reports MB/s and peak resident memory per phase.
# Usage: bench/convert-benchmark.sh [WORK_DIR] [SHAPE]
#   SHAPE gemma-2-2b (default): google/gemma-2-2b-it's shape to Q8_0 and Q4_K_M (~5.3 GB checkpoint, ~8 GB converting)
#   SHAPE qwen2.5-0.5b: Qwen/Qwen2.5-0.5B-Instruct's shape with the real Qwen tokenizer to Q8_0 and F16 (~1 GB + ~1.5 GB)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
fixtures="${SYNAPSE_FIXTURES:-$root/../shared/fixtures}"
work="${1:-/tmp/synapse-convert-bench}"
shape="${2:-gemma-2-2b}"
case "$shape" in
  gemma-2-2b) tokenizer="$fixtures/models/tiny-gemma2"; quants=(Q8_0 Q4_K_M) ;;
  qwen2.5-0.5b) tokenizer="$fixtures/tokenizers/Qwen-Qwen3"; quants=(Q8_0 F16) ;;
  *) echo "unknown shape '$shape' (gemma-2-2b, qwen2.5-0.5b)" >&2; exit 2 ;;
esac
dotnet build "$root/src/Synapse.Cli" -c Release --verbosity quiet
synapse="$root/src/Synapse.Cli/bin/Release/net10.0/synapse"

if [[ ! -f "$work/$shape/config.json" ]]; then
  rm -rf "$work/$shape"
  "$synapse" gen-hf-model --shape "$shape" --tokenizer-from "$tokenizer" --out "$work/$shape.partial"
  mv "$work/$shape.partial" "$work/$shape"
fi

for quant in "${quants[@]}"; do
  /usr/bin/time -f "wall %e s, max RSS %M KiB (/usr/bin/time)" \
    "$synapse" convert "$work/$shape" --out "$work/$shape-$quant.gguf" --quant "$quant" --benchmark --force 2> "$work/convert-$shape-$quant.log" \
    || { tail -20 "$work/convert-$shape-$quant.log"; exit 1; }
  tail -1 "$work/convert-$shape-$quant.log"
done
