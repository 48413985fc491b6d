using Microsoft.Extensions.DependencyInjection;
using Synapse.Node.Prompting;
using Synapse.OpenAI.Chat;

namespace Synapse.Node.Tests.Infrastructure;

/// <summary>
/// Keeps every prompt the node renders, so tests see what the model is fed without the node logging prompts (it
/// never does). <see cref="Register"/> wraps the node's renderer.
/// </summary>
internal sealed class PromptRecorder
{
    private readonly List<string> _prompts = [];

    public IReadOnlyList<string> Prompts
    {
        get
        {
            lock (_prompts)
            {
                return [.. _prompts];
            }
        }
    }

    public void Register(IServiceCollection services) =>
        services.AddSingleton<IPromptRenderer>(sp => new Recording(sp.GetRequiredService<JinjaPromptRenderer>(), this));

    private void Add(string prompt)
    {
        lock (_prompts)
        {
            _prompts.Add(prompt);
        }
    }

    private sealed class Recording(IPromptRenderer inner, PromptRecorder recorder) : IPromptRenderer
    {
        public ChatTemplateTraits Traits => inner.Traits;

        public string RenderChat(ChatCompletionRequest request) => RenderChat(request, addGenerationPrompt: true);

        public string RenderChat(ChatCompletionRequest request, bool addGenerationPrompt)
        {
            var prompt = inner.RenderChat(request, addGenerationPrompt);
            recorder.Add(prompt);
            return prompt;
        }
    }
}
