using System.Text;
using System.Text.Json;
using Synapse.Node.Tests.Infrastructure;
using Synapse.Node.Tests.StructuredOutput;

namespace Synapse.Node.Tests.Responses;

/// <summary>Reads a Responses stream (<c>event:</c> + <c>data:</c> pairs) and checks each event against OpenAI's schema for its type.</summary>
internal static class ResponseEvents
{
    private static readonly Dictionary<string, string> Components = new(StringComparer.Ordinal)
    {
        ["response.created"] = "ResponseCreatedEvent",
        ["response.in_progress"] = "ResponseInProgressEvent",
        ["response.completed"] = "ResponseCompletedEvent",
        ["response.incomplete"] = "ResponseIncompleteEvent",
        ["response.failed"] = "ResponseFailedEvent",
        ["error"] = "ResponseErrorEvent",
        ["response.output_item.added"] = "ResponseOutputItemAddedEvent",
        ["response.output_item.done"] = "ResponseOutputItemDoneEvent",
        ["response.content_part.added"] = "ResponseContentPartAddedEvent",
        ["response.content_part.done"] = "ResponseContentPartDoneEvent",
        ["response.output_text.delta"] = "ResponseTextDeltaEvent",
        ["response.output_text.done"] = "ResponseTextDoneEvent",
        ["response.function_call_arguments.delta"] = "ResponseFunctionCallArgumentsDeltaEvent",
        ["response.function_call_arguments.done"] = "ResponseFunctionCallArgumentsDoneEvent",
        ["response.reasoning_text.delta"] = "ResponseReasoningTextDeltaEvent",
        ["response.reasoning_text.done"] = "ResponseReasoningTextDoneEvent",
    };

    public sealed record Event(string Name, JsonElement Data)
    {
        public string Type => Data.GetProperty("type").GetString()!;
    }

    public static async Task<(System.Net.HttpStatusCode Status, string? MediaType, List<Event> Events)> PostAsync(HttpClient http, string json)
    {
        using var response = await http.SendAsync(Sse.Post("/v1/responses", json), HttpCompletionOption.ResponseHeadersRead);
        var events = new List<Event>();
        await using var body = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(body, Encoding.UTF8);
        string? name = null;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                Assert.NotNull(name);
                events.Add(new Event(name!, JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone()));
                name = null;
            }
        }

        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, events);
    }

    /// <summary>
    /// Every event valid for its type, its <c>event:</c> name its <c>type</c>, sequence numbers 0, 1, 2, ..., the stream
    /// opened by created/in_progress and closed by exactly one terminal event.
    /// </summary>
    public static void AssertWellFormed(List<Event> events)
    {
        Assert.NotEmpty(events);
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            Assert.Equal(e.Name, e.Type);
            Assert.Equal(i, e.Data.GetProperty("sequence_number").GetInt32());
            Assert.True(Components.TryGetValue(e.Type, out var component), $"unexpected event type {e.Type}");
            OpenApiShapes.AssertValid(e.Data, component!);
        }

        Assert.Equal("response.created", events[0].Type);
        Assert.Equal("response.in_progress", events[1].Type);
        Assert.Contains(events[^1].Type, new[] { "response.completed", "response.incomplete", "response.failed" });
        Assert.Single(events, e => e.Type is "response.completed" or "response.incomplete" or "response.failed");
    }

    /// <summary>The final response object of a stream.</summary>
    public static JsonElement Final(List<Event> events) => events[^1].Data.GetProperty("response");
}
