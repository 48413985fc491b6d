namespace Synapse.Models.Conversion.Tokenizers;

/// <summary>The model directory holds a tokenizer that llama.cpp (and so this importer) cannot represent.</summary>
public sealed class UnsupportedTokenizerException : NotSupportedException
{
    public UnsupportedTokenizerException(string message)
        : base(message)
    {
    }

    public UnsupportedTokenizerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
