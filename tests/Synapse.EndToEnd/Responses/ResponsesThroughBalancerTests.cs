#pragma warning disable OPENAI001 // The Responses client is experimental in the SDK.
using OpenAI.Responses;
using Synapse.EndToEnd.Infrastructure;
using Synapse.Testing.Clients;
using Synapse.Testing.Responses;

namespace Synapse.EndToEnd.Responses;

/// <summary>
/// The Responses API's real clients through a real balancer in front of two real nodes, each with its own store: the
/// official .NET SDK's Responses client, npm <c>openai</c>'s responses.create/responses.stream and an
/// <c>@openai/agents</c> agent. Each continuation reaches the node that stored the turn before it (the route tag in the id).
/// </summary>
[Collection(ResponsesFleetCollection.Name)]
public sealed class ResponsesThroughBalancerTests(ResponsesFleetFixture fixture)
{
    [Fact]
    public async Task DotNetSdk_text_streaming_continuation_and_lookups()
    {
        var client = fixture.Responses();
        var sdk = new ResponsesSdkScenarios(client, ResponsesFleetFixture.Model);
        var created = await sdk.FirstTurnAsync();
        var first = created.Value;
        var node = fixture.NodeOf(created);

        // Streamed, continuing the first turn: the balancer sends it to the node that stored the first.
        var completed = await ResponsesSdkScenarios.ReadStreamedContinuationAsync(
            client.CreateResponseStreamingAsync(sdk.StreamedContinuation(first), TestContext.Current.CancellationToken), first);

        // A third turn, not streamed, on the same node; GET and input_items of the streamed one find it there.
        var third = await client.CreateResponseAsync(new CreateResponseOptions(ResponsesFleetFixture.Model, [ResponseItem.CreateUserMessageItem("More.")])
        {
            PreviousResponseId = completed.Id,
            MaxOutputTokenCount = 4,
        }, TestContext.Current.CancellationToken);
        Assert.Same(node, fixture.NodeOf(third));
        Assert.Same(node, fixture.NodeOf(await sdk.StoredContinuationAsync(completed)));

        await sdk.DeleteAsync(first.Id);
    }

    [Fact]
    public Task DotNetSdk_json_schema_answer() => new ResponsesSdkScenarios(fixture.Responses(), ResponsesFleetFixture.Model).JsonSchemaAnswerAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task DotNetSdk_function_call_round_trip(bool stream)
    {
        var client = fixture.Responses();
        var sdk = new ResponsesSdkScenarios(client, ResponsesFleetFixture.Model);
        var options = sdk.ForecastCall(stream);
        var first = stream
            ? await ResponsesSdkScenarios.ReadForecastCallStreamAsync(client.CreateResponseStreamingAsync(options, TestContext.Current.CancellationToken))
            : (await client.CreateResponseAsync(options, TestContext.Current.CancellationToken)).Value;
        var call = ResponsesSdkScenarios.AssertForecastCall(first);

        // The call's output goes back by previous_response_id: only the node that stored the call can answer it.
        await sdk.AnswerForecastCallAsync(first, call);
    }

    [Fact]
    public async Task NpmClient_responses_round_trips()
    {
        NpmScript.RequireInstalled();
        await NpmScript.RunAsync("responses.mjs", fixture.Fleet.Balancer.Url, ResponsesFleetFixture.Model, TimeSpan.FromSeconds(300), BalancerProcess.ClientKey);
    }

    [Fact]
    public async Task OpenAIAgentsSdk_runs_a_one_tool_agent_to_the_end()
    {
        NpmScript.RequireInstalled();
        await NpmScript.RunAsync("agents.mjs", fixture.Fleet.Balancer.Url, ResponsesFleetFixture.Model, TimeSpan.FromSeconds(300), BalancerProcess.ClientKey);
    }
}
