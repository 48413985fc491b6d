namespace Synapse.Engine.Tests.Infrastructure;

/// <summary>
/// Holds the inference loop inside a decode, so a test can act while a request is surely running, whatever the
/// machine's speed (the tiny models generate hundreds of tokens in milliseconds).
/// </summary>
internal sealed class LoopGate : IDisposable
{
    private readonly LlamaInferenceEngine _engine;
    private readonly SemaphoreSlim _entered = new(0);
    private readonly SemaphoreSlim _release = new(0);
    private volatile bool _holding;

    public LoopGate(LlamaInferenceEngine engine)
    {
        _engine = engine;
        engine.Loop!.DecodeResultOverride = result =>
        {
            if (_holding)
            {
                _holding = false;
                _entered.Release();
                _release.Wait(EngineTestHelpers.Timeout);
            }

            return result;
        };
    }

    /// <summary>Returns once the loop is blocked in its next decode; a request must be running.</summary>
    public async Task HoldAsync()
    {
        _holding = true;
        await WaitHeldAsync();
    }

    /// <summary>
    /// Makes the loop's next decode block, before the request that causes it is submitted: a request whose whole work
    /// is one decode (an embedding) may finish before <see cref="HoldAsync"/> could arm the gate.
    /// </summary>
    public void Arm() => _holding = true;

    /// <summary>Returns once the decode <see cref="Arm"/> armed the gate for is blocked.</summary>
    public async Task WaitHeldAsync() =>
        Assert.True(await _entered.WaitAsync(EngineTestHelpers.Timeout), "the loop never reached a decode");

    public void Release() => _release.Release();

    /// <summary>Lets the held decode go and returns once the loop is blocked in the one after it.</summary>
    public async Task NextAsync()
    {
        // Armed before the release: the next decode may start the moment the held one is let go.
        Arm();
        Release();
        await WaitHeldAsync();
    }

    public void Dispose()
    {
        _holding = false;
        _engine.Loop!.DecodeResultOverride = null;
        _release.Release();
        _entered.Dispose();
    }
}
