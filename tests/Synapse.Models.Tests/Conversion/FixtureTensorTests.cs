using Synapse.Models.Conversion;
using Synapse.Testing.Llama;
using Synapse.Testing;

namespace Synapse.Models.Tests.Conversion;

/// <summary>
/// The tensor side of the conversion against an independent reference: every tiny fixture model, converted with a
/// placeholder vocabulary (ids are what the reference gives), reproduces the reference's greedy ids in llama.cpp,
/// and its first steps' top logits within a tolerance. Q8_0 only has to agree on the first id.
/// </summary>
public sealed class FixtureTensorTests(ITestOutputHelper output) : IDisposable
{
    public const int LogitSteps = 3;

    private readonly string _directory = Directory.CreateTempSubdirectory("synapse-conv-").FullName;

    public static TheoryData<string, ModelQuantization> Cases()
    {
        var data = new TheoryData<string, ModelQuantization>();
        foreach (var fixture in new[] { "tiny-gpt2", "tiny-llama", "tiny-mistral", "tiny-qwen2", "tiny-qwen3", "tiny-gemma", "tiny-gemma2", "tiny-phi3" })
        {
            data.Add(fixture, ModelQuantization.F32);
            data.Add(fixture, ModelQuantization.F16);
            // tiny-llama's 176-wide feed-forward rows are no whole number of Q8_0 blocks (see the test below).
            if (fixture != "tiny-llama")
            {
                data.Add(fixture, ModelQuantization.Q8_0);
            }
        }

        data.Add("tiny-llama", ModelQuantization.Q4_K_M);
        data.Add("tiny-mistral", ModelQuantization.Q4_K_M);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Converted_fixture_reproduces_the_reference(string fixture, ModelQuantization quantization)
    {
        var modelDirectory = Fixtures.Require(Path.Combine("models", fixture));
        var expected = FixtureExpectation.Load(modelDirectory);
        var gguf = Path.Combine(_directory, $"{fixture}-{quantization}.gguf");

        await HfToGgufConverter.ConvertAsync(modelDirectory, gguf, quantization, null, PlaceholderTokenizer.Import, CancellationToken.None);
        var run = GreedyRunner.Run(gguf, expected.PromptIds, expected.GeneratedIds.Length, LogitSteps);

        var deviation = MaxLogitDeviation(expected, run);
        output.WriteLine($"{fixture} {quantization}: ids {string.Join(",", run.Ids)}; max |logit - reference| over the top 10 of {LogitSteps} steps = {deviation:G3}");
        if (quantization.NeedsQuantizer())
        {
            Assert.Equal(expected.GeneratedIds[0], run.Ids[0]);
            return;
        }

        Assert.Equal(expected.GeneratedIds, run.Ids);
        Assert.InRange(deviation, 0, quantization == ModelQuantization.F32 ? 2e-2 : 3e-2);
    }

    [Fact]
    public async Task Q8_0_of_rows_that_are_no_whole_blocks_is_refused_before_any_file_is_written()
    {
        var modelDirectory = Fixtures.Require(Path.Combine("models", "tiny-llama"));
        var gguf = Path.Combine(_directory, "tiny-llama-Q8_0.gguf");

        var error = await Assert.ThrowsAsync<NotSupportedException>(() =>
            HfToGgufConverter.ConvertAsync(modelDirectory, gguf, ModelQuantization.Q8_0, null, PlaceholderTokenizer.Import, CancellationToken.None));

        Assert.Contains("blk.0.ffn_down.weight", error.Message, StringComparison.Ordinal);
        Assert.Contains("176", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_directory));
    }

    /// <summary>The largest gap between llama.cpp's and the reference's logit over each step's reference top 10.</summary>
    internal static double MaxLogitDeviation(FixtureExpectation expected, GreedyRun run)
    {
        var max = 0.0;
        foreach (var step in expected.TopLogits.Where(s => s.Step < run.Logits.Length))
        {
            for (var i = 0; i < step.TopIds.Length; i++)
            {
                max = Math.Max(max, Math.Abs(run.Logits[step.Step][step.TopIds[i]] - step.TopLogits[i]));
            }
        }

        return max;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
