using System.Globalization;
using Synapse.Models.Conversion;

namespace Synapse.Cli.Conversion;

/// <summary>
/// Prints conversion progress as lines (one per step and per tenth of the bytes), readable on a terminal and in a
/// log alike; optionally tells a memory sampler which phase is running.
/// </summary>
internal sealed class ConsoleConversionProgress(TextWriter writer, PhaseMemorySampler? sampler) : IProgress<ConversionProgress>
{
    private ConversionStep? _step;
    private int _lastTenth = -1;

    public void Report(ConversionProgress value)
    {
        if (value.Step != _step)
        {
            _step = value.Step;
            if (sampler is not null)
            {
                sampler.Phase = value.Step.ToString().ToLowerInvariant();
            }

            switch (value.Step)
            {
                case ConversionStep.Planning:
                    writer.WriteLine("reading config, tokenizer and safetensors headers…");
                    break;
                case ConversionStep.Quantizing:
                    writer.WriteLine("quantizing with llama.cpp…");
                    break;
            }
        }

        if (value.Step == ConversionStep.Converting && value.BytesTotal > 0)
        {
            var tenth = (int)(value.BytesDone * 10 / value.BytesTotal);
            if (tenth != _lastTenth)
            {
                _lastTenth = tenth;
                var format = value.BytesTotal < 100 << 20 ? "F1" : "N0";
                writer.WriteLine(
                    $"converting {tenth * 10,3}%  tensor {value.TensorIndex}/{value.TensorCount}  {Mib(value.BytesDone).ToString(format, CultureInfo.InvariantCulture)}/{Mib(value.BytesTotal).ToString(format, CultureInfo.InvariantCulture)} MiB");
            }
        }
    }

    private static double Mib(long bytes) => bytes / (1024.0 * 1024.0);
}
