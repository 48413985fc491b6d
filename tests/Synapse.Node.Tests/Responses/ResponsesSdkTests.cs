#pragma warning disable OPENAI001 // The Responses client is experimental in the SDK.
using OpenAI.Responses;
using Synapse.Node.Tests.Infrastructure;
using Synapse.Testing.Responses;

namespace Synapse.Node.Tests.Responses;

/// <summary>
/// The official OpenAI .NET SDK's Responses client against a real node: non-streaming and streaming text, a JSON
/// schema, a forced function call whose output goes back with <c>previous_response_id</c> (and again with the whole
/// history), continuation, and the stored response's GET, input items and DELETE. The scenarios are shared with
/// tests/Synapse.EndToEnd's run through a balancer (<see cref="ResponsesSdkScenarios"/>).
/// </summary>
[Collection(ResponsesNodeCollection.Name)]
public sealed class ResponsesSdkTests(ResponsesNodeFixture fixture)
{
    [Fact]
    public async Task Text_streaming_and_continuation()
    {
        var host = await fixture.NodeAsync();
        var client = ResponsesNodeFixture.Client(host);
        var sdk = new ResponsesSdkScenarios(client, host.Model);
        var first = (await sdk.FirstTurnAsync()).Value;

        var completed = await ResponsesSdkScenarios.ReadStreamedContinuationAsync(
            await client.CreateResponseStreamingAsync(sdk.StreamedContinuation(first), TestContext.Current.CancellationToken), first);

        await sdk.StoredContinuationAsync(completed);
        await sdk.DeleteAsync(first.Id);
    }

    [Fact]
    public async Task Json_schema_answer()
    {
        var host = await fixture.NodeAsync();
        await new ResponsesSdkScenarios(ResponsesNodeFixture.Client(host), host.Model).JsonSchemaAnswerAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Function_call_round_trip(bool stream)
    {
        var host = await fixture.NodeAsync();
        var client = ResponsesNodeFixture.Client(host);
        var sdk = new ResponsesSdkScenarios(client, host.Model);
        var options = sdk.ForecastCall(stream);
        var first = stream
            ? await ResponsesSdkScenarios.ReadForecastCallStreamAsync(await client.CreateResponseStreamingAsync(options, TestContext.Current.CancellationToken))
            : (await client.CreateResponseAsync(options, TestContext.Current.CancellationToken)).Value;
        var call = ResponsesSdkScenarios.AssertForecastCall(first);
        await sdk.AnswerForecastCallAsync(first, call);

        // The same history sent in full rather than by id: the SDK's own output item goes back as input.
        var replayed = (await client.CreateResponseAsync(new CreateResponseOptions(host.Model,
            [ResponseItem.CreateUserMessageItem("What is the forecast?"), call, ResponseItem.CreateFunctionCallOutputItem(call.CallId, "sunny")])
        {
            Tools = { ResponsesSdkScenarios.Forecast() },
            MaxOutputTokenCount = 8,
        }, TestContext.Current.CancellationToken)).Value;
        Assert.IsAssignableFrom<MessageResponseItem>(replayed.OutputItems[0]);
    }
}
