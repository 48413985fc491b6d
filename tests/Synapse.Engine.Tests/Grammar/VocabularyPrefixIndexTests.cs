using System.Text.Json;
using Synapse.Engine.Grammar;
using Synapse.Engine.Model;
using Synapse.Engine.Native;
using Synapse.Engine.Sampling;
using Synapse.Engine.Tests.Infrastructure;
using Synapse.Testing.Grammar;

namespace Synapse.Engine.Tests.Grammar;

/// <summary>
/// The prefix index must leave exactly the tokens llama.cpp's grammar leaves when asked about the whole vocabulary,
/// at every step of a walk through each test schema's grammar (random allowed tokens, so the walk goes inside
/// strings, numbers and between structure alike); the sampler chain then sees the same array either way.
/// </summary>
public sealed class VocabularyPrefixIndexTests
{
    public static TheoryData<string, int> Models => new()
    {
        { "chat", VocabularyPrefixIndex.DefaultSplitThreshold },
        { "chat", 1 },
        { "spm", VocabularyPrefixIndex.DefaultSplitThreshold },
        { "spm", 1 },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public async Task It_allows_exactly_what_the_full_vocabulary_pass_allows(string tokenizer, int splitThreshold)
    {
        var path = tokenizer == "chat" ? Synapse.Testing.TestModels.TinyChatModelPath : Synapse.Testing.TestModels.TinySentencePieceModelPath;
        // Loading an engine loads llama.cpp's native library, which the model below needs.
        await using var engine = await EngineTestHelpers.LoadAsync(path, parallel: 1);
        using var model = LlamaModel.Load(path, "test");
        using var grammars = new CompiledGrammarCache(LlamaSamplingApi.ModelVocab(model.Handle.DangerousGetHandle()));
        var index = VocabularyPrefixIndex.Build(model, splitThreshold);
        var vocabulary = model.VocabularySize;
        var allowed = new int[vocabulary];
        var random = new Random(7);
        var compared = 0;
        var schemas = TestSchemas.All.Append(("bench list", """{"type":"object","properties":{"items":{"type":"array","items":{"type":"string"}}},"required":["items"],"additionalProperties":false}"""));
        foreach (var (name, text) in schemas)
        {
            using var schema = JsonDocument.Parse(text);
            var (native, _) = grammars.Create(new GrammarConstraint(JsonSchemaGrammarBuilder.FromSchema(schema.RootElement)));
            using var grammar = new GrammarSampler(native, null);
            for (var step = 0; step < 48; step++)
            {
                var expected = FullPass(grammar, vocabulary);
                if (grammar.PendingUtf8 == 0)
                {
                    var count = index.Allowed(grammar, allowed);
                    var actual = allowed[..count].Order().ToArray();
                    Assert.True(expected.SequenceEqual(actual), $"{name}, step {step}: the full pass allows {expected.Length} tokens, the index {actual.Length}");
                    compared++;
                }

                var next = expected.Where(t => model.Utf8Shape(t).Fits(grammar.PendingUtf8) && !model.IsEndOfGeneration(t)).ToArray();
                if (next.Length == 0)
                {
                    break;
                }

                var token = next[random.Next(next.Length)];
                grammar.PendingUtf8 = model.Utf8Shape(token).PendingAfter(grammar.PendingUtf8);
                grammar.Accept(token, model.SpecialPiece(token), model.ByteToken);
            }
        }

        Assert.True(compared > 200, $"only {compared} steps compared");
    }

    private static unsafe int[] FullPass(GrammarSampler grammar, int vocabulary)
    {
        var data = new LlamaSamplingApi.TokenData[vocabulary];
        for (var i = 0; i < vocabulary; i++)
        {
            data[i] = new LlamaSamplingApi.TokenData { Id = i };
        }

        fixed (LlamaSamplingApi.TokenData* pointer = data)
        {
            var array = new LlamaSamplingApi.TokenDataArray { Data = pointer, Size = (nuint)vocabulary, Selected = -1 };
            grammar.Constrain(&array);
        }

        return [.. data.Where(d => !float.IsNegativeInfinity(d.Logit)).Select(d => d.Id).Order()];
    }
}
