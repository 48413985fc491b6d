namespace Synapse.Models.Hub;

/// <summary>One converted GGUF file: the commit it came from, its file name (which ends in the quantization) and size.</summary>
public sealed record ConvertedFile(string Commit, string Path, long Bytes);
