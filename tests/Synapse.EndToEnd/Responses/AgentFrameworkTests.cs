#pragma warning disable OPENAI001, SCME0001 // The Responses client and JsonPatch (which carries the seed) are experimental in the SDK.
using System.Text.Json;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;
using OpenAI.Responses;
using Synapse.EndToEnd.Infrastructure;
using Synapse.Testing.Responses;

namespace Synapse.EndToEnd.Responses;

/// <summary>
/// A one-tool agent of Microsoft Agent Framework (<c>Microsoft.Agents.AI</c>) run to its end with <c>RunAsync</c> and
/// <c>RunStreamingAsync</c>, against a node and through the balancer. Microsoft.Agents.AI.OpenAI is not served here, so
/// the agent sits on what that package wraps: the official OpenAI .NET SDK's client as an <see cref="IChatClient"/>
/// through Microsoft.Extensions.AI.OpenAI (<c>AsIChatClient</c>), over <c>/v1/responses</c> and over chat completions.
/// </summary>
[Collection(ResponsesFleetCollection.Name)]
public sealed class AgentFrameworkTests(ResponsesFleetFixture fixture)
{
    [Theory]
    [InlineData("node", "responses", false)]
    [InlineData("node", "responses", true)]
    [InlineData("node", "chat", false)]
    [InlineData("node", "chat", true)]
    [InlineData("balancer", "responses", false)]
    [InlineData("balancer", "responses", true)]
    public async Task AgentFrameworkRunsAOneToolAgentToTheEnd(string target, string api, bool stream)
    {
        var baseUrl = target == "node" ? fixture.Fleet.Nodes[0].Url : fixture.Fleet.Balancer.Url;
        using var client = api == "responses"
            ? fixture.Responses(baseUrl).AsIChatClient(ResponsesFleetFixture.Model)
            : fixture.Chat(baseUrl).AsIChatClient();
        var forecast = new ForecastFunction();
        // The random model never calls a tool by itself: the first turn is forced (the grammar makes the call valid),
        // and the agent's function-invoking client drops a required tool mode after the first call, so the turn after
        // the tool's result answers freely. That answer ends only when the random model writes its end token (about 1
        // in 300 tokens), hence the budget of 3000 (as the @openai/agents test's). Unseeded, that answer is now and then
        // empty (the end token first: seeds 468 and 543 of 2-899 do it, in every variant), and a streamed Responses run
        // then has no text content at all (no delta event; MEAI makes none from output_text.done), which failed CI once.
        // So the run is seeded, as the @openai/agents test is: chat through ChatOptions.Seed, the Responses API (no seed
        // of its own; Synapse honours the llama.cpp/vLLM extension) through the SDK's JSON patch. Every variant then runs
        // the same way: a 542-character answer ended by the model, on this machine and model build.
        var agent = client.AsAIAgent(new ChatClientAgentOptions
        {
            Name = "Forecaster",
            ChatOptions = new ChatOptions
            {
                Instructions = "Answer with the forecast.",
                Tools = [forecast],
                ToolMode = ChatToolMode.RequireAny,
                AllowMultipleToolCalls = false,
                MaxOutputTokens = 3000,
                Seed = 1,
                RawRepresentationFactory = api == "responses" ? _ => SeededResponse() : null,
            },
        });
        var session = await agent.CreateSessionAsync(TestContext.Current.CancellationToken);

        AgentResponse response;
        if (stream)
        {
            var updates = new List<AgentResponseUpdate>();
            await foreach (var update in agent.RunStreamingAsync("What is the forecast?", session, cancellationToken: TestContext.Current.CancellationToken))
            {
                updates.Add(update);
            }

            response = updates.ToAgentResponse();
        }
        else
        {
            response = await agent.RunAsync("What is the forecast?", session, cancellationToken: TestContext.Current.CancellationToken);
        }

        // The tool ran once, with arguments that fit its schema, and its result went back (not an error in its place).
        var arguments = Assert.Single(forecast.Calls);
        Assert.InRange(arguments.GetProperty("days").GetInt32(), 1, 7);
        Assert.Contains(arguments.GetProperty("unit").GetString(), new[] { "celsius", "fahrenheit" });
        var contents = response.Messages.SelectMany(m => m.Contents).ToList();
        var call = Assert.Single(contents.OfType<FunctionCallContent>());
        Assert.Equal("get_forecast", call.Name);
        var result = Assert.Single(contents.OfType<FunctionResultContent>());
        Assert.Equal(call.CallId, result.CallId);
        Assert.Null(result.Exception);

        // The run ended with the assistant's answer, ended by the model rather than cut by the budget.
        var last = response.Messages[^1];
        Assert.Equal(ChatRole.Assistant, last.Role);
        Assert.Empty(last.Contents.OfType<FunctionCallContent>());
        Assert.Contains(last.Contents, c => c is TextContent);
        Assert.NotEqual(ChatFinishReason.Length, response.FinishReason);
    }

    private static CreateResponseOptions SeededResponse()
    {
        var options = new CreateResponseOptions();
        options.Patch.Set("$.seed"u8, 1L);
        return options;
    }

    /// <summary>The forecast tool with the schema the other Responses tests use (<see cref="ResponsesSdkScenarios.ForecastSchema"/>), recording each call's arguments.</summary>
    private sealed class ForecastFunction : AIFunction
    {
        private static readonly JsonElement Schema = JsonDocument.Parse(ResponsesSdkScenarios.ForecastSchema).RootElement;

        public List<JsonElement> Calls { get; } = [];

        public override string Name => "get_forecast";

        public override string Description => "The weather forecast for the next days.";

        public override JsonElement JsonSchema => Schema;

        protected override ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
        {
            // Kept as JSON, so the test sees exactly what the model sent.
            var json = JsonSerializer.SerializeToElement(arguments.ToDictionary(p => p.Key, p => p.Value), AIJsonUtilities.DefaultOptions);
            lock (Calls)
            {
                Calls.Add(json);
            }

            return ValueTask.FromResult<object?>($"sunny for {json.GetProperty("days")} days");
        }
    }
}
