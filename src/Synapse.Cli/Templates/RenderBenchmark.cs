using System.Diagnostics;
using Synapse.Node.Prompting;
using Synapse.OpenAI.Chat;

namespace Synapse.Cli.Templates;

/// <summary>Renders one request over and over for a while: renders per second of a (parsed once) template.</summary>
public static class RenderBenchmark
{
    public sealed record Result(long Renders, TimeSpan Elapsed, int PromptChars)
    {
        public double RendersPerSecond => Renders / Elapsed.TotalSeconds;

        public double MicrosecondsPerRender => Elapsed.TotalMilliseconds * 1000 / Renders;
    }

    public static Result Run(ResolvedChatTemplate template, ChatCompletionRequest request, TimeSpan duration, CancellationToken cancellationToken)
    {
        // Warm-up: JIT and the first render's allocations are not what a serving node sees.
        var chars = 0;
        for (var i = 0; i < 50; i++)
        {
            chars = template.Render(request).Length;
        }

        long renders = 0;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < duration && !cancellationToken.IsCancellationRequested)
        {
            for (var i = 0; i < 20; i++)
            {
                template.Render(request);
            }

            renders += 20;
        }

        return new Result(renders, watch.Elapsed, chars);
    }
}
