namespace Synapse.Node.Tools;

/// <summary>
/// Picks the tool-call format from the template's source, by the markers its tool rendering writes — the test
/// llama.cpp's chat layer applies (common_chat_templates_apply). Unknown templates get the generic envelope.
/// </summary>
public static class ToolCallFormatDetector
{
    public static ToolCallFormat Detect(string templateSource)
    {
        ArgumentNullException.ThrowIfNull(templateSource);
        if (Has(templateSource, "[TOOL_CALLS]"))
        {
            return Has(templateSource, "[ARGS]") ? ToolCallFormat.MistralArgs : ToolCallFormat.MistralNemo;
        }

        // GLM 4.x also says <tool_call>, but writes its arguments as <arg_key>/<arg_value> pairs.
        if (Has(templateSource, "<tool_call>") && !Has(templateSource, "<arg_key>"))
        {
            return ToolCallFormat.Hermes;
        }

        // Functionary v3.1 shares Llama's headers but writes <function=name>…</function>.
        var llamaHeaders = Has(templateSource, "<|start_header_id|>ipython<|end_header_id|>") || (Has(templateSource, "<|start_header_id|>") && Has(templateSource, "\"parameters\": "));
        if (llamaHeaders && !Has(templateSource, "<function="))
        {
            return ToolCallFormat.Llama3;
        }

        if (Has(templateSource, "<|tool|>") && Has(templateSource, "message['tools']"))
        {
            return ToolCallFormat.Phi4Mini;
        }

        return ToolCallFormat.Generic;
    }

    /// <summary>Whether the template knows <c>&lt;think&gt;</c> reasoning (Qwen 3, QwQ, DeepSeek-R1 distills, SmolLM3).</summary>
    public static bool Thinks(string templateSource) => Has(templateSource, "<think>") || Has(templateSource, "</think>");

    private static bool Has(string source, string marker) => source.Contains(marker, StringComparison.Ordinal);
}
