#pragma warning disable OPENAI001 // The Responses client is experimental in the SDK.
using System.ClientModel;
using System.Text;
using System.Text.Json;
using OpenAI.Responses;
using Synapse.EndToEnd.Infrastructure;
using Synapse.Testing.Clients;

namespace Synapse.EndToEnd.Responses;

/// <summary>
/// The Responses API's real clients through a real balancer in front of two real nodes, each with its own store: the
/// official .NET SDK's Responses client, npm <c>openai</c>'s responses.create/responses.stream and an
/// <c>@openai/agents</c> agent. Each continuation reaches the node that stored the turn before it (the route tag in the id).
/// </summary>
[Collection(ResponsesFleetCollection.Name)]
public sealed class ResponsesThroughBalancerTests(ResponsesFleetFixture fixture)
{
    private const string ForecastSchema = """
        {"type": "object", "properties": {"days": {"type": "integer", "minimum": 1, "maximum": 7}, "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}}, "required": ["days", "unit"], "additionalProperties": false}
        """;

    private static ResponseTool Forecast() => ResponseTool.CreateFunctionTool("get_forecast", BinaryData.FromString(ForecastSchema), strictModeEnabled: true, "The weather forecast.");

    [Fact]
    public async Task DotNetSdk_text_streaming_continuation_and_lookups()
    {
        var client = fixture.Responses();
        var created = await client.CreateResponseAsync(new CreateResponseOptions(ResponsesFleetFixture.Model, [ResponseItem.CreateUserMessageItem("Tell me about a cat.")])
        {
            Instructions = "Be brief.",
            MaxOutputTokenCount = 8,
        }, TestContext.Current.CancellationToken);
        var first = created.Value;
        var node = fixture.NodeOf(created);
        Assert.StartsWith("resp_", first.Id, StringComparison.Ordinal);
        Assert.True(first.Status is ResponseStatus.Completed or ResponseStatus.Incomplete, $"status {first.Status}");
        Assert.IsAssignableFrom<MessageResponseItem>(Assert.Single(first.OutputItems));
        Assert.InRange(first.Usage.OutputTokenCount, 0, 8);

        // Streamed, continuing the first turn: the balancer sends it to the node that stored the first.
        var text = new StringBuilder();
        ResponseResult? completed = null;
        var sequence = -1;
        await foreach (var update in client.CreateResponseStreamingAsync(new CreateResponseOptions(ResponsesFleetFixture.Model, [ResponseItem.CreateUserMessageItem("And then?")])
        {
            PreviousResponseId = first.Id,
            MaxOutputTokenCount = 10,
            StreamingEnabled = true,
        }, TestContext.Current.CancellationToken))
        {
            Assert.Equal(sequence + 1, update.SequenceNumber);
            sequence = update.SequenceNumber;
            switch (update)
            {
                case StreamingResponseOutputTextDeltaUpdate delta:
                    text.Append(delta.Delta);
                    break;
                case StreamingResponseCompletedUpdate done:
                    completed = done.Response;
                    break;
                case StreamingResponseIncompleteUpdate incomplete:
                    completed = incomplete.Response;
                    break;
            }
        }

        Assert.NotNull(completed);
        Assert.Equal(text.ToString(), completed!.GetOutputText());
        Assert.Equal(first.Id, completed.PreviousResponseId);
        Assert.True(completed.Usage.InputTokenCount > first.Usage.InputTokenCount + first.Usage.OutputTokenCount - 1, "the first turn is in the second's input");

        // A third turn, not streamed, on the same node; GET and input_items of the streamed one find it there.
        var third = await client.CreateResponseAsync(new CreateResponseOptions(ResponsesFleetFixture.Model, [ResponseItem.CreateUserMessageItem("More.")])
        {
            PreviousResponseId = completed.Id,
            MaxOutputTokenCount = 4,
        }, TestContext.Current.CancellationToken);
        Assert.Same(node, fixture.NodeOf(third));
        var stored = await client.GetResponseAsync(completed.Id, TestContext.Current.CancellationToken);
        Assert.Same(node, fixture.NodeOf(stored));
        Assert.Equal(completed.GetOutputText(), stored.Value.GetOutputText());
        var items = new List<ResponseItem>();
        await foreach (var item in client.GetResponseInputItemsAsync(completed.Id, cancellationToken: TestContext.Current.CancellationToken))
        {
            items.Add(item);
        }

        var message = Assert.IsAssignableFrom<MessageResponseItem>(Assert.Single(items));
        Assert.Equal("And then?", message.Content[0].Text);

        Assert.True((await client.DeleteResponseAsync(first.Id, TestContext.Current.CancellationToken)).Value.Deleted);
        var missing = await Assert.ThrowsAsync<ClientResultException>(() => client.GetResponseAsync(first.Id, TestContext.Current.CancellationToken));
        Assert.Equal(404, missing.Status);
    }

    [Fact]
    public async Task DotNetSdk_json_schema_answer()
    {
        var client = fixture.Responses();
        var schema = BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string","enum":["Oslo","Lima"]},"warm":{"type":"boolean"}},"required":["city","warm"],"additionalProperties":false}""");
        var response = (await client.CreateResponseAsync(new CreateResponseOptions(ResponsesFleetFixture.Model, [ResponseItem.CreateUserMessageItem("Weather?")])
        {
            MaxOutputTokenCount = 400,
            TextOptions = new ResponseTextOptions { TextFormat = ResponseTextFormat.CreateJsonSchemaFormat("weather", schema, null, true) },
        }, TestContext.Current.CancellationToken)).Value;
        var reply = JsonDocument.Parse(response.GetOutputText()).RootElement;
        Assert.Contains(reply.GetProperty("city").GetString(), new[] { "Oslo", "Lima" });
        Assert.True(reply.GetProperty("warm").ValueKind is JsonValueKind.True or JsonValueKind.False, response.GetOutputText());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task DotNetSdk_function_call_round_trip(bool stream)
    {
        var client = fixture.Responses();
        var options = new CreateResponseOptions(ResponsesFleetFixture.Model, [ResponseItem.CreateUserMessageItem("What is the forecast?")])
        {
            Tools = { Forecast() },
            ToolChoice = stream ? ResponseToolChoice.CreateFunctionChoice("get_forecast") : ResponseToolChoice.CreateRequiredChoice(),
            ParallelToolCallsEnabled = false,
            MaxOutputTokenCount = 400,
            StreamingEnabled = stream ? true : null,
        };
        ResponseResult first;
        if (stream)
        {
            ResponseResult? completed = null;
            string? argumentsDone = null;
            await foreach (var update in client.CreateResponseStreamingAsync(options, TestContext.Current.CancellationToken))
            {
                if (update is StreamingResponseFunctionCallArgumentsDoneUpdate done)
                {
                    argumentsDone = done.FunctionArguments.ToString();
                }
                else if (update is StreamingResponseCompletedUpdate end)
                {
                    completed = end.Response;
                }
            }

            first = completed!;
            Assert.Equal(argumentsDone, ((FunctionCallResponseItem)first.OutputItems[0]).FunctionArguments.ToString());
        }
        else
        {
            first = (await client.CreateResponseAsync(options, TestContext.Current.CancellationToken)).Value;
        }

        var call = Assert.IsType<FunctionCallResponseItem>(Assert.Single(first.OutputItems));
        Assert.Equal("get_forecast", call.FunctionName);
        Assert.StartsWith("call_", call.CallId, StringComparison.Ordinal);
        var arguments = JsonDocument.Parse(call.FunctionArguments.ToString()).RootElement;
        Assert.InRange(arguments.GetProperty("days").GetInt32(), 1, 7);
        Assert.Contains(arguments.GetProperty("unit").GetString(), new[] { "celsius", "fahrenheit" });

        // The call's output goes back by previous_response_id: only the node that stored the call can answer it.
        var answer = await client.CreateResponseAsync(new CreateResponseOptions(ResponsesFleetFixture.Model, [ResponseItem.CreateFunctionCallOutputItem(call.CallId, """{"forecast":"sunny"}""")])
        {
            PreviousResponseId = first.Id,
            Tools = { Forecast() },
            MaxOutputTokenCount = 8,
        }, TestContext.Current.CancellationToken);
        Assert.IsAssignableFrom<MessageResponseItem>(answer.Value.OutputItems[0]);
        Assert.Equal(first.Id, answer.Value.PreviousResponseId);
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
