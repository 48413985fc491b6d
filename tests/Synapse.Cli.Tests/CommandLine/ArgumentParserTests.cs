using Synapse.Cli.CommandLine;

namespace Synapse.Cli.Tests.CommandLine;

public sealed class ArgumentParserTests
{
    private static readonly CommandOption[] Options =
    [
        new("--url", "url", "URL"),
        new("--concurrency", "levels", "N") { Repeatable = true },
        new("--json", "json", "FILE"),
        new("--no-warmup", "switch"),
        new("--requests", "n", "N"),
    ];

    [Fact]
    public void Reads_values_in_both_spellings_and_switches()
    {
        var args = ArgumentParser.Parse(["--url", "http://x", "--json=-", "--no-warmup", "--requests", "7"], Options);

        Assert.Equal("http://x", args.GetString("--url"));
        Assert.Equal("-", args.GetString("--json"));
        Assert.True(args.GetSwitch("--no-warmup"));
        Assert.Equal(7, args.GetInt("--requests", 1));
        Assert.False(args.HelpRequested);
    }

    [Fact]
    public void A_lone_dash_is_a_value()
    {
        var args = ArgumentParser.Parse(["--json", "-"], Options);
        Assert.Equal("-", args.GetString("--json"));
    }

    [Fact]
    public void Lists_accept_commas_and_repeats()
    {
        var args = ArgumentParser.Parse(["--concurrency", "1,4", "--concurrency=8"], Options);
        Assert.Equal([1, 4, 8], args.GetIntList("--concurrency", [1], 1));
    }

    [Fact]
    public void Defaults_apply_when_absent()
    {
        var args = ArgumentParser.Parse([], Options);
        Assert.Equal([1], args.GetIntList("--concurrency", [1], 1));
        Assert.Equal(128, args.GetInt("--requests", 128));
        Assert.Null(args.GetString("--url"));
        Assert.False(args.GetSwitch("--no-warmup"));
    }

    [Fact]
    public void Help_is_recognised_anywhere()
    {
        Assert.True(ArgumentParser.Parse(["--url", "x", "-h"], Options).HelpRequested);
        Assert.True(ArgumentParser.Parse(["--help"], Options).HelpRequested);
    }

    [Fact]
    public void Double_dash_ends_options()
    {
        var args = ArgumentParser.Parse(["--", "--url"], Options, maxPositionals: 1);
        Assert.Equal(["--url"], args.Positionals);
        Assert.Null(args.GetString("--url"));
    }

    [Theory]
    [InlineData(new[] { "--bogus" }, "unknown option '--bogus'")]
    [InlineData(new[] { "--urll", "x" }, "did you mean '--url'?")]
    [InlineData(new[] { "-x" }, "unknown option '-x'")]
    [InlineData(new[] { "--url" }, "option '--url' needs a value")]
    [InlineData(new[] { "--url", "--json", "f" }, "option '--url' needs a value")]
    [InlineData(new[] { "--url", "a", "--url", "b" }, "given more than once")]
    [InlineData(new[] { "--no-warmup=yes" }, "is a switch")]
    [InlineData(new[] { "stray" }, "unexpected argument 'stray'")]
    public void Rejects_bad_command_lines(string[] input, string expected)
    {
        var ex = Assert.Throws<UsageException>(() => ArgumentParser.Parse(input, Options));
        Assert.Contains(expected, ex.Message);
    }

    [Theory]
    [InlineData("--requests", "0")]
    [InlineData("--requests", "abc")]
    [InlineData("--requests", "1.5")]
    [InlineData("--concurrency", "1,,4")]
    [InlineData("--concurrency", "1,x")]
    public void Typed_getters_reject_bad_values(string name, string value)
    {
        var args = ArgumentParser.Parse([name, value], Options);
        Assert.Throws<UsageException>(() => name == "--requests" ? args.GetInt(name, 1, min: 1) : args.GetIntList(name, [1], 1).Count);
    }

    [Fact]
    public void Choices_are_case_insensitive_and_checked()
    {
        var args = ArgumentParser.Parse(["--url", "CHAT"], Options);
        Assert.Equal("chat", args.GetChoice("--url", ["chat", "completions"], "completions"));

        var bad = ArgumentParser.Parse(["--url", "embeddings"], Options);
        var ex = Assert.Throws<UsageException>(() => bad.GetChoice("--url", ["chat", "completions"], "chat"));
        Assert.Contains("chat, completions", ex.Message);
    }
}
