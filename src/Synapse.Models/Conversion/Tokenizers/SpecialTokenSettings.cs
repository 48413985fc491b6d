namespace Synapse.Models.Conversion.Tokenizers;

/// <summary>What gguf-py's <c>SpecialVocab</c> collects: special token ids, add-token flags and chat templates.</summary>
internal sealed class SpecialTokenSettings
{
    /// <summary>Special token ids by gguf-py type name (bos, eos, unk, sep, pad, cls, mask, eot, eom), first found wins.</summary>
    public Dictionary<string, int> Ids { get; } = new(StringComparer.Ordinal);

    /// <summary>add_bos/add_eos/add_sep flags by type name.</summary>
    public Dictionary<string, bool> Add { get; } = new(StringComparer.Ordinal);

    public string? ChatTemplate { get; set; }

    public Dictionary<string, string> NamedChatTemplates { get; } = new(StringComparer.Ordinal);

    /// <summary>gguf-py's <c>_set_special_token</c>: keeps the first id set for a type, ignores ids outside the vocabulary.</summary>
    public void SetId(string type, int? id, int? vocabularySize)
    {
        if (id is not { } value)
        {
            return;
        }

        if (value < 0)
        {
            throw new InvalidDataException($"Invalid id {value} for special token type '{type}'.");
        }

        if (vocabularySize is { } n && value >= n)
        {
            return;
        }

        Ids.TryAdd(type, value);
    }
}
