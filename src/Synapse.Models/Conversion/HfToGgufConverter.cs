namespace Synapse.Models.Conversion;

/// <summary>
/// Converts a Hugging Face model directory (config.json, safetensors, tokenizer files) into a GGUF file the way
/// llama.cpp's convert_hf_to_gguf.py does, quantizing with llama.cpp's quantizer when asked. The output is written
/// to a temporary file beside <c>outputPath</c> and renamed into place, so a crash or cancellation leaves no file.
/// </summary>
public static class HfToGgufConverter
{
    public static Task ConvertAsync(
        string modelDirectory,
        string outputPath,
        ModelQuantization quantization,
        IProgress<ConversionProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelDirectory);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        throw new NotImplementedException("HF to GGUF conversion is being implemented on branch conv.");
    }
}
