using Microsoft.Extensions.Hosting;
using Synapse.Engine;

namespace Synapse.Node.Prompting;

/// <summary>Resolves the chat template as soon as the model is loaded, so its log lines (fallback, system folding) appear at start, not on the first request.</summary>
internal sealed class ChatTemplateStartup(IInferenceEngine engine, JinjaPromptRenderer renderer) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await engine.WhenReadyAsync(stoppingToken);
        }
        catch (Exception)
        {
            // Stopped while loading, or the load failed: no template to resolve.
            return;
        }

        if (!engine.Model.IsEmbeddingModel)
        {
            // An embedding model renders no chat: no template to resolve, nothing to warn about.
            _ = renderer.Template;
        }
    }
}
