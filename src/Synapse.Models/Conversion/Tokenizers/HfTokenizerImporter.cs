namespace Synapse.Models.Conversion.Tokenizers;

/// <summary>
/// Imports the tokenizer of a Hugging Face model directory the way llama.cpp's <c>convert_hf_to_gguf.py</c> does.
/// </summary>
public static class HfTokenizerImporter
{
    /// <summary>
    /// Reads the tokenizer files in <paramref name="modelDirectory"/> (tokenizer.json, vocab.json + merges.txt,
    /// tokenizer.model, tokenizer_config.json, special_tokens_map.json, generation_config.json, config.json).
    /// <paramref name="configVocabSize"/> is config.json's vocab_size: the vocabulary is padded up to it.
    /// </summary>
    /// <exception cref="InvalidDataException">The files are missing, malformed or describe an unsupported tokenizer.</exception>
    public static HfTokenizer Import(string modelDirectory, int? configVocabSize)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelDirectory);
        throw new NotImplementedException("Tokenizer import is being implemented on branch tok.");
    }
}
