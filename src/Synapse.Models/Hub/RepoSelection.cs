namespace Synapse.Models.Hub;

/// <summary>
/// The files of a repository Synapse needs. For a safetensors repository <see cref="Files"/> holds the configuration,
/// tokenizer and weight files (the shards of an index are added once the index is read); for a GGUF repository only
/// the chosen file, or all parts of a split one in order.
/// </summary>
public sealed record RepoSelection(RepoFormat Format, IReadOnlyList<string> Files)
{
    /// <summary>The file the engine loads (GGUF) or null for safetensors (which are converted first).</summary>
    public string? GgufToLoad => Format == RepoFormat.Gguf ? Files[0] : null;

    /// <summary>The safetensors index when the weights are sharded.</summary>
    public string? SafetensorsIndex => Files.FirstOrDefault(f => f.EndsWith(".safetensors.index.json", StringComparison.Ordinal));
}
