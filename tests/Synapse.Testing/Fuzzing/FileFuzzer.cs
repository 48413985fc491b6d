using System.Collections.Concurrent;
using Xunit;

namespace Synapse.Testing.Fuzzing;

/// <summary>
/// Feeds seeded mutations of a real input to a file reader and checks each outcome: the reader succeeds or throws one
/// of its documented exception types, within <see cref="Timeout"/> per case (no hang) and allocating at most
/// <see cref="AllocationLimit"/> bytes (no allocation sized by what a header claims).
/// </summary>
public sealed class FileFuzzer(int seed)
{
    public int Seed { get; } = seed;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    public long AllocationLimit { get; init; } = 256L << 20;

    public ConcurrentQueue<string> Failures { get; } = new();

    /// <summary>Outcomes per input name: "ok" or the exception type's name, with counts.</summary>
    public ConcurrentDictionary<string, ConcurrentDictionary<string, int>> Outcomes { get; } = new();

    /// <summary>
    /// Runs <paramref name="count"/> cases of <paramref name="name"/>: <paramref name="mutate"/> draws an input from the
    /// run's seeded mutator, <paramref name="read"/> reads it, <paramref name="describe"/> prints it on failure.
    /// </summary>
    public async Task RunAsync<T>(string name, int count, Func<Mutator, T> mutate, Action<T> read, Func<T, string> describe, params Type[] expected)
    {
        var mutator = new Mutator(Seed ^ StableHash(name));
        var outcomes = Outcomes.GetOrAdd(name, _ => new ConcurrentDictionary<string, int>());
        for (var i = 0; i < count; i++)
        {
            var input = mutate(mutator);
            var index = i;
            string outcome;
            try
            {
                outcome = await Task.Run(() =>
                {
                    var before = GC.GetAllocatedBytesForCurrentThread();
                    string result;
                    try
                    {
                        read(input);
                        result = "ok";
                    }
                    catch (Exception e) when (expected.Any(t => t.IsInstanceOfType(e)))
                    {
                        result = e.GetType().Name;
                    }

                    var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                    if (allocated > AllocationLimit)
                    {
                        Fail(name, index, $"allocated {allocated:N0} bytes (limit {AllocationLimit:N0})", describe(input));
                    }

                    return result;
                }).WaitAsync(Timeout, TestContext.Current.CancellationToken);
            }
            catch (TimeoutException)
            {
                Fail(name, index, $"no answer within {Timeout.TotalSeconds} s (a hang)", describe(input));
                outcome = "timeout";
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Fail(name, index, $"{e.GetType().FullName}: {e.Message}{Environment.NewLine}{e.StackTrace}", describe(input));
                outcome = "crash: " + e.GetType().Name;
            }

            outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
        }
    }

    public string Summary() => string.Join(Environment.NewLine, Outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o =>
        $"{o.Key}: {o.Value.Values.Sum()} inputs; " + string.Join(", ", o.Value.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key} x{v.Value}"))));

    /// <summary>Prints the counts and fails with the seed and the first failing inputs when there are any.</summary>
    public void Report()
    {
        TestContext.Current.TestOutputHelper?.WriteLine($"seed {Seed}");
        TestContext.Current.TestOutputHelper?.WriteLine(Summary());
        Assert.True(Failures.IsEmpty,
            $"{Failures.Count} failure(s) with seed {Seed} (replay: SYNAPSE_FUZZ_SEED={Seed}); the first ones:{Environment.NewLine}" +
            string.Join(Environment.NewLine, Failures.Take(5)));
    }

    /// <summary>A byte input for a failure message: its length and its first bytes in base64.</summary>
    public static string Describe(byte[] bytes) =>
        $"{bytes.Length} bytes, base64 of the first {Math.Min(bytes.Length, 1024)}: {Convert.ToBase64String(bytes.AsSpan(0, Math.Min(bytes.Length, 1024)))}";

    private void Fail(string name, int index, string what, string input)
    {
        if (Failures.Count < 50)
        {
            Failures.Enqueue($"{name} case #{index}: {what} <- {input}");
        }
    }

    private static int StableHash(string text)
    {
        var hash = 17;
        foreach (var c in text)
        {
            hash = unchecked(hash * 31 + c);
        }

        return hash;
    }
}
