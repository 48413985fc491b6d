using Microsoft.Extensions.Logging;
using Synapse.Engine;
using Synapse.Node.Configuration;
using Synapse.OpenAI.Chat;
using Synapse.OpenAI.Errors;
using Synapse.Templates;

namespace Synapse.Node.Prompting;

/// <summary>
/// Renders prompts with the model's own Jinja chat template, as Hugging Face's apply_chat_template does. The
/// template is resolved once, after the model has loaded (its metadata holds the template and special tokens).
/// </summary>
public sealed partial class JinjaPromptRenderer : IPromptRenderer
{
    private readonly Lazy<ResolvedChatTemplate> _template;
    private readonly ILogger<JinjaPromptRenderer> _logger;

    public JinjaPromptRenderer(IInferenceEngine engine, NodeOptions options, ILogger<JinjaPromptRenderer> logger)
    {
        _logger = logger;
        _template = new Lazy<ResolvedChatTemplate>(() => Resolve(engine, options), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The resolved template (resolving it, and logging how, on first use).</summary>
    public ResolvedChatTemplate Template => _template.Value;

    public ChatTemplateTraits Traits => new(Template.ToolFormat, Template.Thinks);

    public string RenderChat(ChatCompletionRequest request) => RenderChat(request, addGenerationPrompt: true);

    public string RenderChat(ChatCompletionRequest request, bool addGenerationPrompt)
    {
        ArgumentNullException.ThrowIfNull(request);
        string prompt;
        try
        {
            prompt = Template.Render(request, addGenerationPrompt);
        }
        catch (TemplateRenderException e) when (e.RaisedByTemplate)
        {
            throw new ApiError(400, e.Message, ErrorTypes.InvalidRequest, "messages", ErrorCodes.InvalidValue);
        }
        catch (TemplateRenderException e)
        {
            throw new ApiError(400, $"The model's chat template cannot render these messages: {e.Message}", ErrorTypes.InvalidRequest, "messages", ErrorCodes.InvalidValue);
        }

        LogPrompt(prompt.Length);
        return prompt;
    }

    private ResolvedChatTemplate Resolve(IInferenceEngine engine, NodeOptions options)
    {
        var resolved = ChatTemplateResolver.Resolve(options, engine.Model);
        switch (resolved.Origin)
        {
            case ChatTemplateOrigin.File:
                LogFromFile(options.ChatTemplateFile!);
                break;
            case ChatTemplateOrigin.Model:
                LogFromModel(resolved.Template.Template.Source.Length);
                break;
            default:
                LogFallback(engine.Model.Path);
                break;
        }

        if (resolved.FoldsSystemIntoUser)
        {
            LogFoldsSystem();
        }

        return resolved;
    }

    // The size only: prompts and outputs never reach logs or telemetry (`synapse template` shows a rendering).
    [LoggerMessage(Level = LogLevel.Debug, Message = "Rendered prompt ({Chars} chars)")]
    private partial void LogPrompt(int chars);

    [LoggerMessage(Level = LogLevel.Information, Message = "Chat template: from SYNAPSE_CHAT_TEMPLATE file {File}")]
    private partial void LogFromFile(string file);

    [LoggerMessage(Level = LogLevel.Information, Message = "Chat template: the model's own (tokenizer.chat_template, {Chars} chars)")]
    private partial void LogFromModel(int chars);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model {Path} has no chat template (tokenizer.chat_template) and SYNAPSE_CHAT_TEMPLATE is not set: chat prompts use the plain fallback layout (\"Role: content\" blocks, then \"Assistant:\"); answers may be poor")]
    private partial void LogFallback(string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The chat template rejects the system role: system messages are folded into the first user message")]
    private partial void LogFoldsSystem();
}
