using System.Globalization;
using System.Text;
using System.Text.Json;
using Synapse.Engine.Grammar;
using Synapse.Engine.Model;
using Synapse.Engine.Native;
using Synapse.Engine.Sampling;
using Synapse.Engine.Tests.Infrastructure;

namespace Synapse.Engine.Tests.Grammar;

/// <summary>
/// Number bounds in the grammar, checked exactly: llama.cpp's own grammar engine is asked, character by character,
/// whether it accepts each of thousands of number texts (random ones around and between the bounds, and the bounds
/// themselves written several ways), and the answer must be "yes" exactly for the texts whose value lies within the
/// bounds (exclusive bounds excluded) — decided by decimal arithmetic.
/// </summary>
public sealed class NumberBoundsTests
{
    public static TheoryData<string> Schemas() => new()
    {
        """{"type":"number","exclusiveMinimum":0,"exclusiveMaximum":1}""",
        """{"type":"number","minimum":-5.5,"maximum":10}""",
        """{"type":"number","minimum":2.25}""",
        """{"type":"number","maximum":-0.125}""",
        """{"type":"number","exclusiveMaximum":3}""",
        """{"type":"number","exclusiveMinimum":-1.5,"maximum":-1.25}""",
        """{"type":"number","minimum":0.1,"maximum":0.1}""",
        """{"type":"number","minimum":-100,"exclusiveMaximum":0}""",
        """{"type":"number","minimum":0,"exclusiveMinimum":0,"maximum":12.5,"exclusiveMaximum":20}""",
        """{"type":"number","minimum":99.99,"maximum":123.456}""",
    };

    [Theory]
    [MemberData(nameof(Schemas))]
    public async Task The_grammar_accepts_exactly_the_numbers_within_the_bounds(string schemaText)
    {
        // Loading an engine loads the native library; the model then gives the grammar its vocabulary.
        await using var engine = await EngineTestHelpers.LoadAsync(Synapse.Testing.TestModels.TinyChatModelPath);
        using var model = LlamaModel.Load(Synapse.Testing.TestModels.TinyChatModelPath, NativeRuntime.Variant);
        using var schema = JsonDocument.Parse(schemaText);
        var gbnf = JsonSchemaGrammarBuilder.FromSchema(schema.RootElement);
        var (low, lowInclusive, high, highInclusive) = Bounds(schema.RootElement);

        var random = new Random(schemaText.Length);
        var candidates = new HashSet<string>(StringComparer.Ordinal);
        foreach (var anchor in new[] { low, high, 0m, 1m, -1m }.OfType<decimal>())
        {
            foreach (var delta in new[] { 0m, 0.001m, 0.01m, 0.1m, 0.5m, 1m, 2m })
            {
                candidates.Add(Text(anchor + delta));
                candidates.Add(Text(anchor - delta));
            }

            candidates.Add(Text(anchor) + (Text(anchor).Contains('.') ? "00" : ".0"));
        }

        for (var i = 0; i < 300; i++)
        {
            var value = Math.Round((decimal)(random.NextDouble() * 300 - 150), random.Next(0, 5));
            candidates.Add(Text(value));
        }

        candidates.UnionWith(["0", "0.0", "1e2", "-0", "00.5", "1.", ".5", "-"]);
        var failures = new List<string>();
        var accepted = 0;
        foreach (var candidate in candidates)
        {
            var expected = Valid(candidate, low, lowInclusive, high, highInclusive);
            var actual = Accepts(model, gbnf, candidate);
            accepted += actual ? 1 : 0;
            if (expected != actual)
            {
                failures.Add($"{candidate}: expected {(expected ? "accepted" : "rejected")}");
            }
        }

        Assert.True(failures.Count == 0, $"{schemaText}\n{string.Join('\n', failures.Take(20))}\n{gbnf}");
        Assert.True(accepted > 0, "the grammar accepted none of the candidates");
    }

    /// <summary>Whether the grammar accepts <paramref name="text"/> whole: each byte allowed in turn, then the end.</summary>
    private static bool Accepts(LlamaModel model, string gbnf, string text)
    {
        var native = LlamaSamplingApi.InitGrammar(LlamaSamplingApi.ModelVocab(model.Handle.DangerousGetHandle()), gbnf, "root");
        Assert.NotEqual(IntPtr.Zero, native);
        using var grammar = new GrammarSampler(native, triggers: null);
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            var token = model.ByteToken(b);
            if (token < 0 || !grammar.Allows(token))
            {
                return false;
            }

            grammar.Accept(token, [b], model.ByteToken);
        }

        // The end of generation is allowed only where the grammar's root is complete.
        var end = Enumerable.Range(0, model.VocabularySize).First(model.IsEndOfGeneration);
        return grammar.Allows(end);
    }

    /// <summary>A JSON number without exponent, not "-0", whose value is within the bounds.</summary>
    private static bool Valid(string text, decimal? low, bool lowInclusive, decimal? high, bool highInclusive)
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(text, @"^-?(0|[1-9][0-9]{0,15})(\.[0-9]{1,16})?$")
            || System.Text.RegularExpressions.Regex.IsMatch(text, @"^-0(\.0+)?$"))
        {
            return false;
        }

        var value = decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        return (low is not { } l || value > l || (lowInclusive && value == l))
            && (high is not { } h || value < h || (highInclusive && value == h));
    }

    private static (decimal? Low, bool LowInclusive, decimal? High, bool HighInclusive) Bounds(JsonElement schema)
    {
        decimal? Get(string name) => schema.TryGetProperty(name, out var v) ? v.GetDecimal() : null;
        var (min, exclusiveMin, max, exclusiveMax) = (Get("minimum"), Get("exclusiveMinimum"), Get("maximum"), Get("exclusiveMaximum"));
        var (low, lowInclusive) = exclusiveMin is { } em && (min is not { } m1 || em >= m1) ? (em, false) : (min, true);
        var (high, highInclusive) = exclusiveMax is { } eM && (max is not { } m2 || eM <= m2) ? (eM, false) : (max, true);
        return (low, lowInclusive, high, highInclusive);
    }

    private static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
