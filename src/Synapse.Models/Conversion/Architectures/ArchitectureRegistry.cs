namespace Synapse.Models.Conversion.Architectures;

/// <summary>The architectures the converter supports, looked up by config.json's <c>architectures</c> entry.</summary>
internal static class ArchitectureRegistry
{
    private static readonly IModelArchitecture[] All =
    [
        new Gpt2Architecture(),
        new LlamaArchitecture(),
        new Qwen2Architecture(),
        new Qwen3Architecture(),
        new GemmaArchitecture(),
        new Gemma2Architecture(),
        new Gemma3Architecture(),
        new Phi3Architecture(),
        new BertArchitecture(),
    ];

    /// <summary>The supported Hugging Face architecture names, for error messages and documentation.</summary>
    public static IReadOnlyList<string> SupportedHfArchitectures { get; } = All.SelectMany(a => a.HfArchitectures).ToArray();

    /// <summary>The architecture converting <paramref name="config"/>'s model.</summary>
    /// <exception cref="UnsupportedArchitectureException">None does.</exception>
    public static IModelArchitecture Resolve(HfModelConfig config)
    {
        foreach (var architecture in All)
        {
            if (architecture.HfArchitectures.Contains(config.Architecture, StringComparer.Ordinal))
            {
                return architecture;
            }
        }

        throw new UnsupportedArchitectureException(config.Architecture, SupportedHfArchitectures);
    }
}
