using Synapse.Bench;
using Synapse.Bench.Http;
using Synapse.Cli.Bench;
using Synapse.Cli.CommandLine;

namespace Synapse.Cli.Tests.Bench;

public sealed class BenchCommandLineTests
{
    private static BenchInvocation Parse(params string[] args) =>
        BenchCommandLine.Parse(ArgumentParser.Parse(args, BenchCommandLine.Options));

    [Fact]
    public void Http_mode_with_defaults()
    {
        var run = Parse("--url", "http://127.0.0.1:8000");

        Assert.Equal(new Uri("http://127.0.0.1:8000"), run.Url);
        Assert.Equal(BenchEndpoint.Chat, run.Endpoint);
        Assert.Equal([1], run.Workload.Concurrency);
        Assert.Equal(128, run.Workload.PromptTokens);
        Assert.Equal(128, run.Workload.OutputTokens);
        Assert.True(run.Workload.IgnoreEos);
        Assert.True(run.Workload.Warmup);
        Assert.Null(run.Workload.Requests);
        Assert.Equal(16, run.Workload.PlanFor(4).Requests);
    }

    [Fact]
    public void Every_flag_lands_in_the_invocation()
    {
        var run = Parse(
            "--url", "https://h/v1", "--model", "m", "--api-key", "k", "--endpoint", "completions", "--concurrency", "1,4,8",
            "--requests", "10", "--prompt-tokens", "64", "--output-tokens", "32", "--no-ignore-eos", "--no-warmup",
            "--timeout", "5", "--json", "out.json");

        Assert.Equal("m", run.Model);
        Assert.Equal("k", run.ApiKey);
        Assert.Equal(BenchEndpoint.Completions, run.Endpoint);
        Assert.Equal([1, 4, 8], run.Workload.Concurrency);
        Assert.Equal(10, run.Workload.PlanFor(8).Requests);
        Assert.Equal(64, run.Workload.PromptTokens);
        Assert.Equal(32, run.Workload.PlanFor(1).MaxTokens);
        Assert.False(run.Workload.IgnoreEos);
        Assert.False(run.Workload.Warmup);
        Assert.Equal(TimeSpan.FromSeconds(5), run.Workload.RequestTimeout);
        Assert.Equal("out.json", run.JsonPath);
        Assert.Equal(0, run.Workload.Background);
        Assert.Equal(3, Parse("--url", "http://h", "--background", "3").Workload.Background);
    }

    [Fact]
    public void Response_format_schema_is_read_from_its_file_and_refused_where_it_cannot_apply()
    {
        var file = Path.Combine(Path.GetTempPath(), $"bench-schema-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(file, """{"type": "array", "items": {"type": "string"}}""");
            Assert.Equal("""{"type": "array", "items": {"type": "string"}}""", Parse("--url", "http://h", "--response-format-schema", file).Workload.ResponseFormatSchema);
            Assert.Null(Parse("--url", "http://h").Workload.ResponseFormatSchema);
            Assert.Throws<UsageException>(() => Parse("--engine", "m.gguf", "--response-format-schema", file));
            Assert.Throws<UsageException>(() => Parse("--url", "http://h", "--replay", "--response-format-schema", file));
            File.WriteAllText(file, "[1, 2]");
            Assert.Contains("not a JSON object", Assert.Throws<UsageException>(() => Parse("--url", "http://h", "--response-format-schema", file)).Message, StringComparison.Ordinal);
            File.WriteAllText(file, "{broken");
            Assert.Contains("not valid JSON", Assert.Throws<UsageException>(() => Parse("--url", "http://h", "--response-format-schema", file)).Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }

        Assert.Contains("cannot read", Assert.Throws<UsageException>(() => Parse("--url", "http://h", "--response-format-schema", file)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duration_replaces_the_request_count()
    {
        var plan = Parse("--url", "http://h", "--duration", "2.5").Workload.PlanFor(3);
        Assert.Null(plan.Requests);
        Assert.Equal(TimeSpan.FromSeconds(2.5), plan.Duration);
    }

    [Fact]
    public void Engine_mode_takes_engine_settings()
    {
        var run = Parse("--engine", "m.gguf", "--threads", "2", "--ctx-size", "512", "--parallel", "8");
        Assert.Equal("m.gguf", run.EnginePath);
        Assert.Equal((2, 512, 8), (run.Threads, run.ContextSize, run.Parallel));
        Assert.False(run.Compare);
    }

    [Theory]
    [InlineData(new[] { "--concurrency", "4" }, "--url URL")]
    [InlineData(new[] { "--url", "http://h", "--engine", "m.gguf" }, "not both")]
    [InlineData(new[] { "--url", "ftp://h" }, "not an http:// or https:// URL")]
    [InlineData(new[] { "--url", "localhost:8000" }, "not an http:// or https:// URL")]
    [InlineData(new[] { "--url", "http://h", "--compare" }, "--compare needs --engine")]
    [InlineData(new[] { "--url", "http://h", "--threads", "2" }, "only applies with --engine")]
    [InlineData(new[] { "--engine", "m.gguf", "--api-key", "k" }, "apply to HTTP targets")]
    [InlineData(new[] { "--url", "http://h", "--requests", "3", "--duration", "2" }, "not both")]
    [InlineData(new[] { "--url", "http://h", "--concurrency", "0" }, "--concurrency")]
    [InlineData(new[] { "--url", "http://h", "--endpoint", "embeddings" }, "not one of chat, completions")]
    [InlineData(new[] { "--url", "http://h", "--output-tokens", "-3" }, "--output-tokens")]
    [InlineData(new[] { "--url", "http://h", "--duration", "soon" }, "--duration")]
    [InlineData(new[] { "--url", "http://h", "--background", "-1" }, "--background")]
    public void Bad_combinations_are_usage_errors(string[] args, string expected)
    {
        var ex = Assert.Throws<UsageException>(() => Parse(args));
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void Replay_mode_with_defaults_and_flags()
    {
        var defaults = Parse("--url", "http://127.0.0.1:8000", "--replay").Replay!;
        Assert.Equal((4, 8, 200, 200, 48, true, false), (defaults.Conversations, defaults.Turns, defaults.SystemWords, defaults.TurnWords, defaults.OutputTokens, defaults.IgnoreEos, defaults.SendUser));

        var set = Parse("--url", "http://h:1", "--replay", "--conversations", "12", "--turns", "3", "--system-words", "50", "--turn-words", "20", "--output-tokens", "9", "--session-user", "--no-ignore-eos").Replay!;
        Assert.Equal((12, 3, 50, 20, 9, false, true), (set.Conversations, set.Turns, set.SystemWords, set.TurnWords, set.OutputTokens, set.IgnoreEos, set.SendUser));
        Assert.Null(Parse("--url", "http://h:1").Replay);
    }

    [Theory]
    [InlineData("--replay needs --url", "--engine", "m.gguf", "--replay")]
    [InlineData("'--concurrency' does not apply to --replay", "--url", "http://h:1", "--replay", "--concurrency", "4")]
    [InlineData("'--turns' only applies with --replay", "--url", "http://h:1", "--turns", "4")]
    public void Replay_flags_are_checked(string message, params string[] args)
    {
        var error = Assert.Throws<UsageException>(() => Parse(args));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
