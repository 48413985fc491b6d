#pragma warning disable OPENAI001 // The Responses client is experimental in the SDK.
using System.ClientModel;
using System.Text;
using System.Text.Json;
using OpenAI.Responses;

namespace Synapse.Testing.Responses;

/// <summary>
/// The official OpenAI .NET SDK's Responses scenarios that a node (tests/Synapse.Node.Tests) and a balancer in front of
/// nodes (tests/Synapse.EndToEnd) both pass: a short first turn, a streamed continuation, the stored turn's GET, input
/// items and DELETE, a JSON schema answer and a forced function call answered by <c>previous_response_id</c>. Each test
/// adds what is its own (which node answered, a replayed history).
/// </summary>
/// <remarks>
/// Compiled into each of those projects as a linked source file, not into Synapse.Testing: the two build against
/// different OpenAI versions (EndToEnd pins 2.14.0, where <c>CreateResponseStreamingAsync</c> returns the stream; 2.15.0
/// returns a task of it), so the callers start the streams and hand them here.
/// </remarks>
internal sealed class ResponsesSdkScenarios(ResponsesClient client, string model)
{
    /// <summary>get_forecast's parameters: days 1–7 and a unit enum.</summary>
    public const string ForecastSchema = """
        {"type": "object", "properties": {"days": {"type": "integer", "minimum": 1, "maximum": 7}, "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}}, "required": ["days", "unit"], "additionalProperties": false}
        """;

    private const string WeatherSchema = """
        {"type":"object","properties":{"city":{"type":"string","enum":["Oslo","Lima"]},"warm":{"type":"boolean"}},"required":["city","warm"],"additionalProperties":false}
        """;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static ResponseTool Forecast() =>
        ResponseTool.CreateFunctionTool("get_forecast", BinaryData.FromString(ForecastSchema), strictModeEnabled: true, "The weather forecast.");

    /// <summary>A short first turn with instructions: a completed (or length-cut) response holding one message.</summary>
    public async Task<ClientResult<ResponseResult>> FirstTurnAsync()
    {
        var created = await client.CreateResponseAsync(new CreateResponseOptions(model, [ResponseItem.CreateUserMessageItem("Tell me about a cat.")])
        {
            Instructions = "Be brief.",
            MaxOutputTokenCount = 8,
        }, Token);
        var first = created.Value;
        Assert.StartsWith("resp_", first.Id, StringComparison.Ordinal);
        Assert.True(first.Status is ResponseStatus.Completed or ResponseStatus.Incomplete, $"status {first.Status}");
        Assert.IsAssignableFrom<MessageResponseItem>(Assert.Single(first.OutputItems));
        Assert.InRange(first.Usage.OutputTokenCount, 0, 8);
        Assert.True(first.Usage.InputTokenCount > 0);
        return created;
    }

    /// <summary>The second turn, to stream: it continues <paramref name="first"/> by <c>previous_response_id</c>.</summary>
    public CreateResponseOptions StreamedContinuation(ResponseResult first) => new(model, [ResponseItem.CreateUserMessageItem("And then?")])
    {
        PreviousResponseId = first.Id,
        MaxOutputTokenCount = 10,
        StreamingEnabled = true,
    };

    /// <summary>
    /// Reads the stream of <see cref="StreamedContinuation"/>: sequence numbers count up from 0 without a gap, the text
    /// deltas add up to the final response's text, and the first turn is in its input. Returns the final response.
    /// </summary>
    public static async Task<ResponseResult> ReadStreamedContinuationAsync(IAsyncEnumerable<StreamingResponseUpdate> updates, ResponseResult first)
    {
        var text = new StringBuilder();
        ResponseResult? completed = null;
        var sequence = -1;
        await foreach (var update in updates)
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
        Assert.Equal(text.ToString(), completed.GetOutputText());
        Assert.Equal(first.Id, completed.PreviousResponseId);
        Assert.True(completed.Usage.InputTokenCount > first.Usage.InputTokenCount + first.Usage.OutputTokenCount - 1, "the first turn is in the second's input");
        return completed;
    }

    /// <summary>GET finds the streamed turn with its text, and its input items are the one message it added.</summary>
    public async Task<ClientResult<ResponseResult>> StoredContinuationAsync(ResponseResult completed)
    {
        var stored = await client.GetResponseAsync(completed.Id, Token);
        Assert.Equal(completed.GetOutputText(), stored.Value.GetOutputText());
        var items = new List<ResponseItem>();
        await foreach (var item in client.GetResponseInputItemsAsync(completed.Id, cancellationToken: Token))
        {
            items.Add(item);
        }

        var message = Assert.IsAssignableFrom<MessageResponseItem>(Assert.Single(items));
        Assert.Equal("And then?", message.Content[0].Text);
        return stored;
    }

    /// <summary>DELETE removes a stored response: it says so, and a GET after it is 404.</summary>
    public async Task DeleteAsync(string id)
    {
        Assert.True((await client.DeleteResponseAsync(id, Token)).Value.Deleted);
        var missing = await Assert.ThrowsAsync<ClientResultException>(() => client.GetResponseAsync(id, Token));
        Assert.Equal(404, missing.Status);
    }

    /// <summary>A strict JSON schema as the text format: the answer parses and keeps to the schema.</summary>
    public async Task JsonSchemaAnswerAsync()
    {
        var response = (await client.CreateResponseAsync(new CreateResponseOptions(model, [ResponseItem.CreateUserMessageItem("Weather?")])
        {
            MaxOutputTokenCount = 400,
            TextOptions = new ResponseTextOptions { TextFormat = ResponseTextFormat.CreateJsonSchemaFormat("weather", BinaryData.FromString(WeatherSchema), null, true) },
        }, Token)).Value;
        var reply = JsonDocument.Parse(response.GetOutputText()).RootElement;
        Assert.Contains(reply.GetProperty("city").GetString(), new[] { "Oslo", "Lima" });
        Assert.True(reply.GetProperty("warm").ValueKind is JsonValueKind.True or JsonValueKind.False, response.GetOutputText());
    }

    /// <summary>A request that must call get_forecast (streamed: named; not: any tool, required).</summary>
    public CreateResponseOptions ForecastCall(bool stream) => new(model, [ResponseItem.CreateUserMessageItem("What is the forecast?")])
    {
        Tools = { Forecast() },
        ToolChoice = stream ? ResponseToolChoice.CreateFunctionChoice("get_forecast") : ResponseToolChoice.CreateRequiredChoice(),
        ParallelToolCallsEnabled = false,
        MaxOutputTokenCount = 400,
        StreamingEnabled = stream ? true : null,
    };

    /// <summary>Reads the stream of a streamed <see cref="ForecastCall"/>: its arguments.done event has the call's arguments.</summary>
    public static async Task<ResponseResult> ReadForecastCallStreamAsync(IAsyncEnumerable<StreamingResponseUpdate> updates)
    {
        ResponseResult? completed = null;
        string? argumentsDone = null;
        await foreach (var update in updates)
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

        Assert.NotNull(completed);
        Assert.Equal(argumentsDone, Assert.IsType<FunctionCallResponseItem>(completed.OutputItems[0]).FunctionArguments.ToString());
        return completed;
    }

    /// <summary>The answer to <see cref="ForecastCall"/> is one get_forecast call whose arguments keep to its schema.</summary>
    public static FunctionCallResponseItem AssertForecastCall(ResponseResult response)
    {
        var call = Assert.IsType<FunctionCallResponseItem>(Assert.Single(response.OutputItems));
        Assert.Equal("get_forecast", call.FunctionName);
        Assert.StartsWith("call_", call.CallId, StringComparison.Ordinal);
        var arguments = JsonDocument.Parse(call.FunctionArguments.ToString()).RootElement;
        Assert.InRange(arguments.GetProperty("days").GetInt32(), 1, 7);
        Assert.Contains(arguments.GetProperty("unit").GetString(), new[] { "celsius", "fahrenheit" });
        return call;
    }

    /// <summary>The call's output goes back by <c>previous_response_id</c>; the model answers it with a message.</summary>
    public async Task<ClientResult<ResponseResult>> AnswerForecastCallAsync(ResponseResult response, FunctionCallResponseItem call)
    {
        var answer = await client.CreateResponseAsync(new CreateResponseOptions(model, [ResponseItem.CreateFunctionCallOutputItem(call.CallId, """{"forecast":"sunny"}""")])
        {
            PreviousResponseId = response.Id,
            Tools = { Forecast() },
            MaxOutputTokenCount = 8,
        }, Token);
        Assert.IsAssignableFrom<MessageResponseItem>(answer.Value.OutputItems[0]);
        Assert.Equal(response.Id, answer.Value.PreviousResponseId);
        return answer;
    }
}
