using Microsoft.Extensions.DependencyInjection;
using Synapse.Engine;
using Synapse.Engine.Generation;
using Synapse.Engine.Model;

namespace Synapse.Node.Tests.Infrastructure;

/// <summary>
/// Keeps the prompt tokens of every generation the real engine is given: <see cref="Register"/> puts a recording
/// decorator in front of llama.cpp's engine, so tests compare them with llama.cpp's own tokenization.
/// </summary>
internal sealed class PromptTokenRecorder
{
    private readonly List<int[]> _prompts = [];

    public IReadOnlyList<int[]> Prompts
    {
        get
        {
            lock (_prompts)
            {
                return [.. _prompts];
            }
        }
    }

    public void Register(IServiceCollection services) =>
        services.AddSingleton<IInferenceEngine>(sp => new Recording(sp.GetRequiredService<LlamaInferenceEngine>(), this));

    private void Add(IReadOnlyList<int> tokens)
    {
        lock (_prompts)
        {
            _prompts.Add([.. tokens]);
        }
    }

    private sealed class Recording(IInferenceEngine inner, PromptTokenRecorder recorder) : IInferenceEngine
    {
        public ModelDescription Model => inner.Model;

        public int ContextSize => inner.ContextSize;

        public bool IsReady => inner.IsReady;

        public Task WhenReadyAsync(CancellationToken cancellationToken) => inner.WhenReadyAsync(cancellationToken);

        public int[] Tokenize(string text, bool addSpecial, bool parseSpecial) => inner.Tokenize(text, addSpecial, parseSpecial);

        public string Detokenize(IReadOnlyList<int> tokens) => inner.Detokenize(tokens);

        public byte[] TokenBytes(IReadOnlyList<int> tokens, bool renderSpecial) => inner.TokenBytes(tokens, renderSpecial);

        public ValueTask<GenerationHandle> SubmitAsync(GenerationRequest request, CancellationToken cancellationToken)
        {
            recorder.Add(request.PromptTokens);
            return inner.SubmitAsync(request, cancellationToken);
        }

        public EngineStats GetStats() => inner.GetStats();
    }
}
