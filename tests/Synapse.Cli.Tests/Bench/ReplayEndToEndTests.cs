using Synapse.Bench.Http;
using Synapse.Bench.Replay;
using Synapse.Cli.Tests.Fakes;

namespace Synapse.Cli.Tests.Bench;

/// <summary>The multi-turn replay against a loopback server that reports a prefix cache's <c>cached_tokens</c>.</summary>
public sealed class ReplayEndToEndTests
{
    [Fact]
    public async Task Each_turn_resends_the_conversation_with_the_servers_answers_and_reports_per_turn()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        var target = new HttpTarget(server.BaseUrl, BenchEndpoint.Chat, null, null);
        var options = new ReplayOptions { Conversations = 3, Turns = 4, SystemWords = 10, TurnWords = 5, OutputTokens = 3, SendUser = true };

        var report = await ReplayRunner.RunAsync(target, options, TextWriter.Null, CancellationToken.None);

        Assert.Equal((12, 0), (report.Requests, report.Failed));
        Assert.Equal(FakeOpenAIServer.ModelId, report.Model);
        Assert.Equal([1, 2, 3, 4], report.PerTurn.Select(t => t.Turn));
        var bodies = server.StreamingBodies.ToList();
        Assert.Equal(12, bodies.Count);
        var systems = bodies.Select(b => b.GetProperty("messages")[0].GetProperty("content").GetString()).Distinct().ToList();
        Assert.Single(systems);
        foreach (var body in bodies)
        {
            var messages = body.GetProperty("messages").EnumerateArray().ToList();
            var turn = messages.Count / 2;
            Assert.Equal(["system", .. Enumerable.Range(0, (2 * turn) - 1).Select(i => i % 2 == 0 ? "user" : "assistant")], messages.Select(m => m.GetProperty("role").GetString()));
            Assert.All(messages.Where(m => m.GetProperty("role").GetString() == "assistant"), m => Assert.Equal("tok tok tok", m.GetProperty("content").GetString()));
            Assert.StartsWith("replay-", body.GetProperty("user").GetString(), StringComparison.Ordinal);
        }

        // Turn t's prompt: system, t user messages, t−1 answers, the template overhead; from turn 2 on the whole
        // previous prompt (without its template overhead) is a prefix the server had seen.
        foreach (var turn in report.PerTurn)
        {
            var t = turn.Turn;
            Assert.Equal((3, 0), (turn.Requests, turn.Failed));
            Assert.Equal(10 + (5 * t) + (3 * (t - 1)) + FakeOpenAIServer.ChatOverhead, turn.PromptTokensMean);
            if (t > 1)
            {
                Assert.Equal(10 + (5 * (t - 1)) + (3 * (t - 2)), turn.CachedTokensMean);
                Assert.Equal(turn.CachedTokensMean / turn.PromptTokensMean, turn.CachedShare!.Value, 6);
            }

            Assert.True(turn.TtftP50Ms > 0);
        }

        Assert.Equal(12 * 3, report.CompletionTokens);
        Assert.True(report.CachedShare > 0.5);
        Assert.True(report.OutputTokensPerS > 0);

        var table = new StringWriter();
        ReplayTable.Write(table, report);
        Assert.Contains("3 conversations × 4 turns", table.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_turn_ends_its_conversation_and_is_counted()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.FailEvery = 2;
        var target = new HttpTarget(server.BaseUrl, BenchEndpoint.Chat, FakeOpenAIServer.ModelId, null);

        var report = await ReplayRunner.RunAsync(target, new ReplayOptions { Conversations = 1, Turns = 5, SystemWords = 3, TurnWords = 3, OutputTokens = 2 }, TextWriter.Null, CancellationToken.None);

        Assert.Equal((2, 1), (report.Requests, report.Failed));
        Assert.Contains(report.Errors, e => e.Contains("503", StringComparison.Ordinal) || e.Contains("overloaded", StringComparison.Ordinal));
    }
}
