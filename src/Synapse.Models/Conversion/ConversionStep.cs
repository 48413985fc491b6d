namespace Synapse.Models.Conversion;

/// <summary>The phases of a conversion, in the order they happen.</summary>
public enum ConversionStep
{
    /// <summary>Reading config.json, the tokenizer and the safetensors headers.</summary>
    Planning,

    /// <summary>Writing the GGUF's tensors.</summary>
    Converting,

    /// <summary>Running llama.cpp's quantizer on the converted file.</summary>
    Quantizing,

    /// <summary>The output file is in place.</summary>
    Done,
}
