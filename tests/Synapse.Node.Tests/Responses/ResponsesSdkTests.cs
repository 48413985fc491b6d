#pragma warning disable OPENAI001 // The Responses client is experimental in the SDK.
using System.Text;
using System.Text.Json;
using OpenAI.Responses;
using Synapse.Node.Tests.Infrastructure;

namespace Synapse.Node.Tests.Responses;

/// <summary>
/// The official OpenAI .NET SDK's Responses client against a real node: non-streaming and streaming text, a JSON
/// schema, a forced function call whose output goes back with <c>previous_response_id</c>, continuation, and the
/// stored response's GET, input items and DELETE.
/// </summary>
[Collection(ResponsesNodeCollection.Name)]
public sealed class ResponsesSdkTests(ResponsesNodeFixture fixture)
{
    private const string ForecastSchema = """
        {"type": "object", "properties": {"days": {"type": "integer", "minimum": 1, "maximum": 7}, "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}}, "required": ["days", "unit"], "additionalProperties": false}
        """;

    private static ResponseTool Forecast() => ResponseTool.CreateFunctionTool("get_forecast", BinaryData.FromString(ForecastSchema), strictModeEnabled: true, "The weather forecast.");

    [Fact]
    public async Task Text_streaming_and_continuation()
    {
        var host = await fixture.NodeAsync();
        var client = ResponsesNodeFixture.Client(host);
        var first = (await client.CreateResponseAsync(new CreateResponseOptions(host.Model, [ResponseItem.CreateUserMessageItem("Tell me about a cat.")])
        {
            Instructions = "Be brief.",
            MaxOutputTokenCount = 8,
        })).Value;
        Assert.StartsWith("resp_", first.Id, StringComparison.Ordinal);
        Assert.True(first.Status is ResponseStatus.Completed or ResponseStatus.Incomplete, $"status {first.Status}");
        Assert.IsAssignableFrom<MessageResponseItem>(Assert.Single(first.OutputItems));
        Assert.InRange(first.Usage.OutputTokenCount, 0, 8);
        Assert.True(first.Usage.InputTokenCount > 0);

        // Streaming, continuing the first turn.
        var text = new StringBuilder();
        ResponseResult? completed = null;
        var sequence = -1;
        await foreach (var update in await client.CreateResponseStreamingAsync(new CreateResponseOptions(host.Model, [ResponseItem.CreateUserMessageItem("And then?")])
        {
            PreviousResponseId = first.Id,
            MaxOutputTokenCount = 10,
            StreamingEnabled = true,
        }))
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

        var stored = (await client.GetResponseAsync(completed.Id)).Value;
        Assert.Equal(completed.GetOutputText(), stored.GetOutputText());
        var items = new List<ResponseItem>();
        await foreach (var item in client.GetResponseInputItemsAsync(completed.Id))
        {
            items.Add(item);
        }

        var message = Assert.IsAssignableFrom<MessageResponseItem>(Assert.Single(items));
        Assert.Equal("And then?", message.Content[0].Text);

        var deleted = (await client.DeleteResponseAsync(first.Id)).Value;
        Assert.True(deleted.Deleted);
        var missing = await Assert.ThrowsAsync<System.ClientModel.ClientResultException>(() => client.GetResponseAsync(first.Id));
        Assert.Equal(404, missing.Status);
    }

    [Fact]
    public async Task Json_schema_answer()
    {
        var host = await fixture.NodeAsync();
        var client = ResponsesNodeFixture.Client(host);
        var schema = BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string","enum":["Oslo","Lima"]},"warm":{"type":"boolean"}},"required":["city","warm"],"additionalProperties":false}""");
        var response = (await client.CreateResponseAsync(new CreateResponseOptions(host.Model, [ResponseItem.CreateUserMessageItem("Weather?")])
        {
            MaxOutputTokenCount = 400,
            TextOptions = new ResponseTextOptions { TextFormat = ResponseTextFormat.CreateJsonSchemaFormat("weather", schema, null, true) },
        })).Value;
        var reply = JsonDocument.Parse(response.GetOutputText()).RootElement;
        Assert.Contains(reply.GetProperty("city").GetString(), new[] { "Oslo", "Lima" });
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Function_call_round_trip(bool stream)
    {
        var host = await fixture.NodeAsync();
        var client = ResponsesNodeFixture.Client(host);
        var options = new CreateResponseOptions(host.Model, [ResponseItem.CreateUserMessageItem("What is the forecast?")])
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
            await foreach (var update in await client.CreateResponseStreamingAsync(options))
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
            first = (await client.CreateResponseAsync(options)).Value;
        }

        var call = Assert.IsType<FunctionCallResponseItem>(Assert.Single(first.OutputItems));
        Assert.Equal("get_forecast", call.FunctionName);
        Assert.StartsWith("call_", call.CallId, StringComparison.Ordinal);
        var arguments = JsonDocument.Parse(call.FunctionArguments.ToString()).RootElement;
        Assert.InRange(arguments.GetProperty("days").GetInt32(), 1, 7);

        var answer = (await client.CreateResponseAsync(new CreateResponseOptions(host.Model, [ResponseItem.CreateFunctionCallOutputItem(call.CallId, """{"forecast":"sunny"}""")])
        {
            PreviousResponseId = first.Id,
            Tools = { Forecast() },
            MaxOutputTokenCount = 8,
        })).Value;
        Assert.IsAssignableFrom<MessageResponseItem>(answer.OutputItems[0]);

        // The same history sent in full rather than by id: the SDK's own output item goes back as input.
        var replayed = (await client.CreateResponseAsync(new CreateResponseOptions(host.Model,
            [ResponseItem.CreateUserMessageItem("What is the forecast?"), call, ResponseItem.CreateFunctionCallOutputItem(call.CallId, "sunny")])
        {
            Tools = { Forecast() },
            MaxOutputTokenCount = 8,
        })).Value;
        Assert.IsAssignableFrom<MessageResponseItem>(replayed.OutputItems[0]);
    }
}
