#:project ../src/Synapse.Engine/Synapse.Engine.csproj
#:project ../tests/Synapse.Testing/Synapse.Testing.csproj
// Structured-output benchmark (docs/performance.md, "Structured outputs"), in-process on the engine:
//  1. grammar compile time of each test schema: JSON Schema -> GBNF, then llama.cpp's parse on first submit, then a
//     cached submit (a clone of the parsed grammar);
//  2. output tokens/s of the same requests with and without a JSON-schema grammar, at concurrency 1 and 8,
//     interleaved and repeated.
// Usage: dotnet run bench/grammar-bench.cs -- MODEL.gguf [ROUNDS] [THREADS] [CONCURRENCY,...]
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Synapse.Engine;
using Synapse.Engine.Generation;
using Synapse.Engine.Grammar;
using Synapse.Engine.Hosting;
using Synapse.Engine.Sampling;
using Synapse.Testing.Grammar;

var model = args[0];
var levels = args.Length > 3 ? args[3].Split(',').Select(l => int.Parse(l, CultureInfo.InvariantCulture)).ToArray() : [1, 8];
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
var threads = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : Environment.ProcessorCount;
const int OutputTokens = 128;
await using var engine = await LlamaInferenceEngine.LoadAsync(new EngineOptions
{
    ModelPath = model, Parallel = 8, ContextSize = 512, Threads = threads, QueueSize = 64,
});
var prompt = engine.Tokenize("Write a JSON list of short words:", addSpecial: false, parseSpecial: false);

Console.WriteLine($"model {Path.GetFileName(model)}, vocabulary {engine.Model.VocabularySize}, {threads} threads");
Console.WriteLine("== grammar compile time per test schema (ms): convert, first submit (llama.cpp parse), cached submit");
var convert = new List<double>();
var first = new List<double>();
var cached = new List<double>();

// Pass 0 warms the JIT up (on a whitespace-changed copy, so pass 1 still parses each grammar the first time).
for (var pass = 0; pass < 2; pass++)
{
    foreach (var (name, text) in TestSchemas.All)
    {
        using var schema = JsonDocument.Parse(text);
        var timer = Stopwatch.StartNew();
        var gbnf = JsonSchemaGrammarBuilder.FromSchema(schema.RootElement) + (pass == 0 ? "\n" : "");
        var converted = timer.Elapsed.TotalMilliseconds;
        var parsed = await SubmitTimeAsync(gbnf);
        var reused = await SubmitTimeAsync(gbnf);
        if (pass == 1)
        {
            convert.Add(converted);
            first.Add(parsed);
            cached.Add(reused);
            Console.WriteLine($"  {name,-18} {converted,7:F3} {parsed,7:F3} {reused,7:F3}");
        }
    }
}

Console.WriteLine($"  max: convert {convert.Max():F3} ms, first submit {first.Max():F3} ms, cached submit {cached.Max():F3} ms");

// A schema whose replies go on for a while: a list of short strings, no maxItems.
using var listSchema = JsonDocument.Parse("""{"type":"array","items":{"type":"string","maxLength":12}}""");
var grammar = new GrammarConstraint(JsonSchemaGrammarBuilder.FromSchema(listSchema.RootElement));
Console.WriteLine($"== output tokens/s, {OutputTokens} tokens per request (ignore_eos), plain vs json_schema, interleaved, {rounds} rounds");
foreach (var concurrency in levels)
{
    var plain = new List<double>();
    var constrained = new List<double>();
    for (var round = 0; round < rounds; round++)
    {
        plain.Add(await ThroughputAsync(concurrency, null, round));
        constrained.Add(await ThroughputAsync(concurrency, grammar, round));
    }

    var p = Median(plain);
    var c = Median(constrained);
    Console.WriteLine($"  concurrency {concurrency}: plain {string.Join(" ", plain.Select(v => v.ToString("F1", CultureInfo.InvariantCulture)))} (median {p:F1}), " +
        $"json_schema {string.Join(" ", constrained.Select(v => v.ToString("F1", CultureInfo.InvariantCulture)))} (median {c:F1}): {100 * (1 - c / p):F1}% slower");
}

async Task<double> SubmitTimeAsync(string gbnf)
{
    var timer = Stopwatch.StartNew();
    await using var handle = await engine.SubmitAsync(new GenerationRequest { PromptTokens = prompt, MaxTokens = 1, Grammar = new GrammarConstraint(gbnf) }, CancellationToken.None);
    var elapsed = timer.Elapsed.TotalMilliseconds;
    await handle.Completion;
    return elapsed;
}

async Task<double> ThroughputAsync(int concurrency, GrammarConstraint? constraint, int round)
{
    var timer = Stopwatch.StartNew();
    var tokens = await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async stream =>
    {
        var total = 0;
        for (var r = 0; r < 2; r++)
        {
            await using var handle = await engine.SubmitAsync(new GenerationRequest
            {
                PromptTokens = prompt,
                MaxTokens = OutputTokens,
                IgnoreEos = true,
                Sampling = new SamplingOptions { Seed = (uint)(1000 * round + 10 * stream + r) },
                Grammar = constraint,
            }, CancellationToken.None);
            await foreach (var _ in handle.Text.ReadAllAsync())
            {
            }

            total += (await handle.Completion).CompletionTokens;
        }

        return total;
    }));
    return tokens.Sum() / timer.Elapsed.TotalSeconds;
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted[sorted.Count / 2];
}
