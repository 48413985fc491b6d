using Synapse.Models.Conversion;

namespace Synapse.Models.Hub;

/// <summary>The local GGUF file a model name resolved to, and how it came to be.</summary>
/// <param name="GgufPath">The file the engine loads (for a split model, its first part).</param>
/// <param name="Commit">The hub commit, for a hub repository.</param>
/// <param name="Quantization">The type converted to, when Synapse converted the model.</param>
/// <param name="SnapshotFolder">The hub snapshot (or local folder) the model came from, if any.</param>
public sealed record ResolvedModel(string GgufPath, string? RepoId, string? Commit, ModelQuantization? Quantization, string? SnapshotFolder);
