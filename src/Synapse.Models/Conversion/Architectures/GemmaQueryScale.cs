namespace Synapse.Models.Conversion.Architectures;

/// <summary>
/// Gemma 2/3 scale queries by query_pre_attn_scalar^-0.5; llama.cpp by 1/sqrt(head_dim), or 1/sqrt(hidden/heads)
/// for the 27B models (recognised by their layer count), with no key to say otherwise.
/// </summary>
internal static class GemmaQueryScale
{
    /// <summary>
    /// sqrt(llama.cpp's divisor / query_pre_attn_scalar): multiplying the queries by it makes llama.cpp's
    /// q·k / sqrt(divisor) equal Hugging Face's q·k / sqrt(query_pre_attn_scalar). 1 when they agree.
    /// </summary>
    public static float For(HfModelConfig config, int largeModelBlockCount)
    {
        if (config.GetDoubleOrNull("query_pre_attn_scalar") is not { } scalar)
        {
            return 1f;
        }

        var heads = config.GetInt("num_attention_heads");
        var divisor = config.GetInt("num_hidden_layers") == largeModelBlockCount
            ? config.GetInt("hidden_size") / heads
            : config.GetIntOrNull("head_dim") ?? config.GetInt("hidden_size") / heads;
        return divisor == scalar ? 1f : (float)Math.Sqrt(divisor / scalar);
    }
}
