using System.Text.Json;
using Json.Schema;
using OpenAI.Chat;
using Synapse.Node.Tests.Infrastructure;
using Synapse.Testing.Grammar;

namespace Synapse.Node.Tests.StructuredOutput;

/// <summary>
/// The random-weight tiny model can only answer valid JSON through its grammar: with the official .NET SDK's
/// structured output, every reply over every test schema must validate (JsonSchema.Net, a real validator).
/// </summary>
public sealed class JsonSchemaReplyTests
{
    private const int SeedsPerSchema = 5;

    [Fact]
    public async Task Every_reply_of_a_random_model_validates_against_its_schema()
    {
        Assert.True(TestSchemas.All.Count >= 20);
        await using var host = await NodeHost.StartAsync(Synapse.Testing.TestModels.TinyChatModelPath, ["--ctx-size", "2048", "--parallel", "4", "--threads", "2"]);
        var chat = host.Chat();
        var failures = new List<string>();
        var replies = 0;
        foreach (var (name, text) in TestSchemas.All)
        {
            var schema = JsonSchema.FromText(text);
            var calls = Enumerable.Range(1, SeedsPerSchema).Select(async seed =>
            {
                var options = new ChatCompletionOptions
                {
                    ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat(name, BinaryData.FromString(text), jsonSchemaIsStrict: true),
                    MaxOutputTokenCount = 1500,
#pragma warning disable OPENAI001 // Seed is experimental in the SDK.
                    Seed = seed,
#pragma warning restore OPENAI001
                };
                var completion = (await chat.CompleteChatAsync([new UserChatMessage($"Answer with {name}.")], options)).Value;
                return (completion.FinishReason, Text: completion.Content[0].Text);
            });

            foreach (var (finish, reply) in await Task.WhenAll(calls))
            {
                replies++;
                if (finish != ChatFinishReason.Stop)
                {
                    failures.Add($"{name}: finished with {finish}: {reply}");
                    continue;
                }

                try
                {
                    using var document = JsonDocument.Parse(reply);
                    var result = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
                    if (!result.IsValid)
                    {
                        failures.Add($"{name}: invalid: {reply}: {string.Join("; ", (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Values))}");
                    }
                }
                catch (JsonException e)
                {
                    failures.Add($"{name}: not JSON ({e.Message}): {reply}");
                }
            }
        }

        Assert.True(replies >= 100, $"only {replies} replies");
        Assert.True(failures.Count == 0, $"{failures.Count} of {replies} replies failed:\n" + string.Join("\n", failures));
    }
}
