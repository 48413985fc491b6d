namespace Synapse.Node.Tools;

/// <summary>How a model writes tool calls, chosen from its chat template (as llama.cpp's chat layer does).</summary>
public enum ToolCallFormat
{
    /// <summary>Templates without tool support: tools described in a system message, the reply a JSON envelope.</summary>
    Generic,

    /// <summary>Hermes 2 Pro, Qwen 2.5, Qwen 3, QwQ, SmolLM3: <c>&lt;tool_call&gt;{"name", "arguments"}&lt;/tool_call&gt;</c>.</summary>
    Hermes,

    /// <summary>Llama 3.1–3.3: a bare <c>{"name", "parameters"}</c> object, or one after <c>&lt;|python_tag|&gt;</c>.</summary>
    Llama3,

    /// <summary>Mistral Nemo: <c>[TOOL_CALLS][{"name", "arguments", "id"}, …]</c> (ids of 9 alphanumerics).</summary>
    MistralNemo,

    /// <summary>Mistral Small 3.2, Devstral: <c>[TOOL_CALLS]name[ARGS]{…}</c> per call.</summary>
    MistralArgs,

    /// <summary>Phi-4-mini: tools on the system message, calls as <c>&lt;|tool_call|&gt;[{"name", "arguments"}]&lt;|/tool_call|&gt;</c>.</summary>
    Phi4Mini,
}
