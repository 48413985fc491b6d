namespace Synapse.Models.Hub;

/// <summary>What a MODEL_NAME names.</summary>
public enum ModelReferenceKind
{
    /// <summary>A Hugging Face repository (<c>org/name</c> or a bare name such as <c>gpt2</c>).</summary>
    HubRepository,

    /// <summary>A local GGUF file (for a split model, its first part).</summary>
    LocalGguf,

    /// <summary>A local folder in Hugging Face layout (config.json, safetensors, tokenizer files).</summary>
    LocalFolder,
}
