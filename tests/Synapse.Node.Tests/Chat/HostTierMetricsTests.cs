using System.Net;
using System.Text.Json;
using Synapse.Node.Tests.Infrastructure;
using Synapse.Testing.Metrics;

namespace Synapse.Node.Tests.Chat;

/// <summary>
/// The prefix cache's host tier as <c>/metrics</c> shows it, on the real engine with one slot: a replaced slot's state
/// is counted while held, no longer once it is restored (its native buffer freed), and the same state counts the
/// same bytes each time it is held.
/// </summary>
public sealed class HostTierMetricsTests
{
    private const string Story = "Once upon a time a little fox lived at the edge of a quiet forest near a river, and every morning the fox walked "
        + "along the water to look for berries, stones and friends, and every evening it told the owl what it had found.";

    private const string Other = "Write a short shopping list for a picnic in the park with bread, cheese, apples, lemonade, napkins, a blanket, "
        + "plates, cups, a knife, a small cake and some grapes for the children who will come along.";

    private static async Task<JsonElement> Complete(NodeHost host, string prompt)
    {
        var (response, body) = await Sse.PostJsonAsync(host.Http, "/v1/completions", Sse.Json(new { prompt, max_tokens = 4, temperature = 0 }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return body.GetProperty("usage");
    }

    private static async Task<(long Bytes, long Entries, long Restores)> HostTier(NodeHost host)
    {
        var metrics = PrometheusText.Parse(await host.Http.GetStringAsync("/metrics"));
        return ((long)metrics.Value("synapse_prefix_cache_host_bytes"), (long)metrics.Value("synapse_prefix_cache_host_entries"),
            (long)metrics.Value("synapse_prefix_cache_host_restores_total"));
    }

    [Fact]
    public async Task Host_bytes_follow_the_states_held_and_drop_when_one_is_restored()
    {
        await using var host = await NodeHost.StartAsync(Synapse.Testing.TestModels.TinyChatModelPath,
            ["--ctx-size", "512", "--parallel", "1", "--cache-ram-mb", "64"]);

        await Complete(host, Story);
        Assert.Equal((0L, 0L, 0L), await HostTier(host));

        // The only slot is taken for another prompt: the story's state goes to RAM.
        await Complete(host, Other);
        var (storyBytes, entries, restores) = await HostTier(host);
        Assert.Equal((1L, 0L), (entries, restores));
        Assert.InRange(storyBytes, 1, 64L << 20);

        // The story comes back from RAM (its state leaves the tier) and the other prompt's state takes its place.
        var usage = await Complete(host, Story);
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32() - 1, usage.GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt32());
        var (otherBytes, afterRestore, restored) = await HostTier(host);
        Assert.Equal((1L, 1L), (afterRestore, restored));
        Assert.InRange(otherBytes, 1, 64L << 20);

        // And back again: the tier holds the story's state once more, the same tokens and so the same bytes as before.
        await Complete(host, Other);
        Assert.Equal((storyBytes, 1L, 2L), await HostTier(host));
    }
}
