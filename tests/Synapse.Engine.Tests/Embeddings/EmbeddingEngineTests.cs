using Synapse.Engine.Embeddings;
using Synapse.Engine.Generation;
using Synapse.Engine.Tests.Infrastructure;
using Synapse.Testing;
using Synapse.Testing.Embeddings;

namespace Synapse.Engine.Tests.Embeddings;

/// <summary>The engine's embedding mode on the converted fixtures: vectors, batching, limits and refusals.</summary>
public sealed class EmbeddingEngineTests
{
    [Theory]
    [InlineData("tiny-bert")]
    [InlineData("tiny-qwen3-embedding")]
    public async Task All_inputs_in_one_call_reproduce_the_reference_vectors_normalised(string fixture)
    {
        var (path, expected) = await ConvertedEmbeddingModels.GetAsync(fixture);
        await using var engine = await EngineTestHelpers.LoadAsync(path, parallel: 8, contextSize: 128, batchSize: 256);
        Assert.True(engine.Model.IsEmbeddingModel);
        Assert.Equal(expected.Dimension, engine.Model.EmbeddingLength);

        var inputs = expected.Cases.Select(c => (IReadOnlyList<int>)engine.Tokenize(c.Text, addSpecial: true, parseSpecial: false)).ToList();
        Assert.Equal(expected.Cases.Select(c => c.Ids), inputs.Select(i => i.ToArray()));
        var result = await engine.EmbedAsync(inputs, TestContext.Current.CancellationToken);

        Assert.Equal(inputs.Sum(i => i.Count), result.PromptTokens);
        for (var i = 0; i < expected.Cases.Length; i++)
        {
            var vector = result.Embeddings[i];
            Assert.Equal(1.0, Math.Sqrt(vector.Sum(v => (double)v * v)), 4);
            var cosine = EmbeddingFixture.Cosine(vector, expected.Cases[i].Embedding);
            Assert.True(cosine >= 0.9999, $"'{expected.Cases[i].Text}': cosine {cosine:F6}");
            // Already normalised like the reference, the values themselves agree.
            Assert.True(Math.Abs(expected.Cases[i].Embedding[0] - vector[0]) < 1e-3, $"value 0: {vector[0]} vs {expected.Cases[i].Embedding[0]}");
        }
    }

    [Fact]
    public async Task Inputs_waiting_together_are_embedded_in_one_decode_and_equal_their_alone_vectors()
    {
        var (path, expected) = await ConvertedEmbeddingModels.GetAsync("tiny-bert");
        await using var engine = await EngineTestHelpers.LoadAsync(path, parallel: 8, contextSize: 128, batchSize: 256);
        var inputs = expected.Cases.Select(c => (IReadOnlyList<int>)c.Ids).ToList();
        var alone = await EmbedOneByOneAsync(engine, inputs);

        var before = engine.GetStats().DecodeSteps;
        using (var gate = new LoopGate(engine))
        {
            // Armed first: the first request is a single decode, which can end before HoldAsync would arm the gate
            // (then no decode comes until the rest is queued, and the test waited out its timeout).
            gate.Arm();
            var first = engine.EmbedAsync([inputs[0]], TestContext.Current.CancellationToken);
            await gate.WaitHeldAsync();
            // Queued while the loop is held in the first decode: the next step takes them all.
            var rest = engine.EmbedAsync(inputs, TestContext.Current.CancellationToken);
            gate.Release();
            await first;
            var together = await rest;
            for (var i = 0; i < inputs.Count; i++)
            {
                Assert.True(EmbeddingFixture.Cosine(alone[i], together.Embeddings[i]) >= 0.99999, $"input {i} differs when batched");
            }
        }

        Assert.Equal(before + 2, engine.GetStats().DecodeSteps);
        Assert.Equal(0, engine.GetStats().Running);
    }

    [Fact]
    public async Task A_requests_inputs_reach_the_idle_loop_together_and_share_one_decode()
    {
        // The idle loop wakes as soon as a request arrives: had its inputs been queued one by one, it could start a
        // decode with the first few while the rest were still being queued, and spend a second decode on them.
        var (path, expected) = await ConvertedEmbeddingModels.GetAsync("tiny-bert");
        await using var engine = await EngineTestHelpers.LoadAsync(path, parallel: 32, contextSize: 128, batchSize: 2048);
        var inputs = Enumerable.Range(0, 32).Select(i => (IReadOnlyList<int>)expected.Cases[i % expected.Cases.Length].Ids).ToList();
        for (var round = 0; round < 40; round++)
        {
            var before = engine.GetStats().DecodeSteps;
            var result = await engine.EmbedAsync(inputs, TestContext.Current.CancellationToken);

            Assert.Equal(inputs.Count, result.Embeddings.Count);
            Assert.True(before + 1 == engine.GetStats().DecodeSteps, $"round {round}: {engine.GetStats().DecodeSteps - before} decodes for one request");
        }
    }

    [Fact]
    public async Task A_request_with_more_inputs_than_slots_fills_the_slots_step_by_step_before_a_later_request()
    {
        var (path, expected) = await ConvertedEmbeddingModels.GetAsync("tiny-bert");
        await using var engine = await EngineTestHelpers.LoadAsync(path, parallel: 2, contextSize: 128, batchSize: 256);
        var inputs = expected.Cases.Select(c => (IReadOnlyList<int>)c.Ids).ToList();
        var alone = await EmbedOneByOneAsync(engine, inputs);

        var before = engine.GetStats();
        Task<EmbeddingResult> many, later;
        using (var gate = new LoopGate(engine))
        {
            gate.Arm();
            many = engine.EmbedAsync(inputs, TestContext.Current.CancellationToken);
            await gate.WaitHeldAsync();
            // Queued while the first two inputs decode: it waits for the four that follow them.
            later = engine.EmbedAsync([inputs[0]], TestContext.Current.CancellationToken);
            await gate.NextAsync();
            await gate.NextAsync();
            // Held in the third step: the first two read inputs 0-1, then 2-3 (had the later request jumped ahead of
            // inputs 2-3, the second step would have read it and input 2 instead).
            var read = engine.GetStats().PromptTokensTotal - before.PromptTokensTotal;
            Assert.Equal(inputs.Take(4).Sum(i => i.Count), read);
            gate.Release();
            await Task.WhenAll(many, later);
        }

        for (var i = 0; i < inputs.Count; i++)
        {
            Assert.True(EmbeddingFixture.Cosine(alone[i], many.Result.Embeddings[i]) >= 0.99999, $"input {i} differs");
        }

        Assert.True(EmbeddingFixture.Cosine(alone[0], later.Result.Embeddings[0]) >= 0.99999);
        // Two inputs a step: three steps for the six, a fourth for the later request.
        Assert.Equal(before.DecodeSteps + 4, engine.GetStats().DecodeSteps);
        Assert.Equal(0, engine.GetStats().Running);
        Assert.Equal(0, engine.GetStats().Waiting);
    }

    [Fact]
    public async Task An_input_longer_than_the_batch_is_refused_not_truncated()
    {
        var (path, _) = await ConvertedEmbeddingModels.GetAsync("tiny-bert");
        await using var engine = await EngineTestHelpers.LoadAsync(path, parallel: 2, contextSize: 128, batchSize: 64);
        var tooLong = Enumerable.Repeat(1037, 65).ToArray();

        var error = await Assert.ThrowsAsync<EmbeddingInputTooLongException>(() => engine.EmbedAsync([[101, 102], tooLong], TestContext.Current.CancellationToken));

        Assert.Equal(1, error.Index);
        Assert.Equal(65, error.Tokens);
        Assert.Equal(64, error.Limit);
        Assert.Equal(0, engine.GetStats().Waiting);
        var fits = await engine.EmbedAsync([tooLong[..64]], TestContext.Current.CancellationToken);
        Assert.Single(fits.Embeddings);
    }

    [Fact]
    public async Task A_bert_context_is_capped_at_the_training_context()
    {
        var (path, _) = await ConvertedEmbeddingModels.GetAsync("tiny-bert");
        await using var engine = await EngineTestHelpers.LoadAsync(path, parallel: 1, contextSize: 4096, batchSize: 512);

        Assert.Equal(128, engine.ContextSize);
        await Assert.ThrowsAsync<EmbeddingInputTooLongException>(() => engine.EmbedAsync([Enumerable.Repeat(1037, 129).ToArray()], TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task An_embedding_model_refuses_generation_and_a_generative_model_refuses_embeddings()
    {
        var (path, _) = await ConvertedEmbeddingModels.GetAsync("tiny-bert");
        await using (var embedder = await EngineTestHelpers.LoadAsync(path))
        {
            await Assert.ThrowsAsync<EmbeddingsNotSupportedException>(async () =>
                await embedder.SubmitAsync(new GenerationRequest { PromptTokens = [101, 102], MaxTokens = 1 }, TestContext.Current.CancellationToken));
        }

        await using var generator = await EngineTestHelpers.LoadAsync(Synapse.Testing.TestModels.TinyChatModelPath);
        Assert.False(generator.Model.IsEmbeddingModel);
        await Assert.ThrowsAsync<EmbeddingsNotSupportedException>(() => generator.EmbedAsync([[1, 2]], TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_cancelled_request_frees_its_inputs()
    {
        var (path, expected) = await ConvertedEmbeddingModels.GetAsync("tiny-bert");
        await using var engine = await EngineTestHelpers.LoadAsync(path, parallel: 1, contextSize: 128, batchSize: 128);
        using var cancel = new CancellationTokenSource();
        using (var gate = new LoopGate(engine))
        {
            // Armed first: the first request is a single decode, which can end before HoldAsync would arm the gate.
            gate.Arm();
            var first = engine.EmbedAsync([expected.Cases[0].Ids], TestContext.Current.CancellationToken);
            await gate.WaitHeldAsync();
            var waiting = engine.EmbedAsync(expected.Cases.Select(c => (IReadOnlyList<int>)c.Ids).ToList(), cancel.Token);
            await cancel.CancelAsync();
            gate.Release();
            await first;
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        }

        var after = await engine.EmbedAsync([expected.Cases[1].Ids], TestContext.Current.CancellationToken);
        Assert.Single(after.Embeddings);
        Assert.Equal(0, engine.GetStats().Waiting);
        Assert.Equal(0, engine.GetStats().Running);
    }

    /// <summary>Each input's vector embedded alone, one request after another: what a batched decode must equal.</summary>
    private static async Task<List<float[]>> EmbedOneByOneAsync(LlamaInferenceEngine engine, IReadOnlyList<IReadOnlyList<int>> inputs)
    {
        var vectors = new List<float[]>();
        foreach (var input in inputs)
        {
            vectors.Add((await engine.EmbedAsync([input], TestContext.Current.CancellationToken)).Embeddings[0]);
        }

        return vectors;
    }
}
