using System.Collections.Concurrent;
using System.Diagnostics;
using Synapse.Bench.Http;
using Synapse.Bench.Prompts;

namespace Synapse.Bench.Replay;

/// <summary>
/// Runs the multi-turn replay against any OpenAI-compatible base URL (a node, the balancer, llama-server): every
/// conversation at once, each one turn after the other, so turn t of a conversation starts when its turn t−1 ended.
/// A failed turn ends its conversation (the next turn would lack the answer).
/// </summary>
public static class ReplayRunner
{
    public static async Task<ReplayReport> RunAsync(HttpTarget target, ReplayOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        using var client = BenchHttpClientFactory.Create(options.Conversations);
        if (target.Model is null)
        {
            var discovered = await new HttpProbe(client, target).DiscoverModelAsync(cancellationToken).ConfigureAwait(false);
            log.WriteLine($"model: {discovered} (from GET /v1/models)");
            target = target with { Model = discovered };
        }

        log.WriteLine($"replay: {options.Conversations} conversations × {options.Turns} turns against {target.ApiBase}…");
        var driver = new ReplayTurnDriver(client, target, options);
        var prompt = new SyntheticPrompt();
        var samples = new ConcurrentBag<ReplayTurnSample>();
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, options.Conversations).Select(async index =>
        {
            var conversation = new ReplayConversation(index, options, prompt);
            for (var turn = 1; turn <= options.Turns; turn++)
            {
                conversation.AddUserTurn(turn);
                var sample = await driver.SendAsync(conversation, turn, cancellationToken).ConfigureAwait(false);
                samples.Add(sample);
                if (!sample.Succeeded)
                {
                    log.WriteLine($"conversation {index} turn {turn} failed: {sample.Error}");
                    return;
                }

                conversation.AddAnswer(sample.Answer);
            }
        })).ConfigureAwait(false);
        var wall = Stopwatch.GetElapsedTime(started);
        return ReplayAggregator.Aggregate(target.ApiBase.ToString(), target.Model, options, [.. samples.OrderBy(s => s.Conversation).ThenBy(s => s.Turn)], wall);
    }
}
