namespace Synapse.Models.Hub;

public enum RepoFormat
{
    /// <summary>Hugging Face safetensors weights: converted to GGUF by Synapse.</summary>
    Safetensors,

    /// <summary>Ready GGUF files: one is picked and loaded as is.</summary>
    Gguf,
}
