using Synapse.Templates.Tests.TestData;

namespace Synapse.Templates.Tests.Runtime;

/// <summary>Globals: Jinja's range/dict/namespace/joiner and Hugging Face's strftime_now (with an injected clock).</summary>
public sealed class GlobalTests
{
    private static readonly FixedClock Clock = new(new DateTime(2025, 3, 4, 9, 6, 3));

    [Theory]
    [InlineData("{{ strftime_now('%d %b %Y') }}", "04 Mar 2025")]
    [InlineData("{{ strftime_now('%-d %B %Y') }}", "4 March 2025")]
    [InlineData("{{ strftime_now('%Y-%m-%d %H:%M:%S') }}", "2025-03-04 09:06:03")]
    [InlineData("{{ strftime_now('%A %a %I %p %j %y %%') }}", "Tuesday Tue 09 AM 063 25 %")]
    public void Strftime_now_formats_the_injected_clock(string source, string expected) =>
        Assert.Equal(expected, Jinja.Render(source, clock: Clock));

    [Theory]
    [InlineData("{{ range(3) }}|{{ range(1, 4) }}|{{ range(5, 0, -2) }}", "[0, 1, 2]|[1, 2, 3]|[5, 3, 1]")]
    [InlineData("{{ dict(a=1, b='x') }}", "{'a': 1, 'b': 'x'}")]
    [InlineData("{% set ns = namespace(a=1) %}{{ ns.a }}{{ ns.b is defined }}", "1False")]
    [InlineData("{% set j = joiner(', ') %}{% for i in [1, 2, 3] %}{{ j() }}{{ i }}{% endfor %}", "1, 2, 3")]
    public void Global_function_behaves_as_jinja(string source, string expected) =>
        Assert.Equal(expected, Jinja.Render(source));

    [Fact]
    public void Huge_ranges_are_refused() =>
        Assert.Equal("OverflowError", Jinja.RenderFails("{{ range(100000000) | length }}").ErrorType);

    [Fact]
    public void Context_variables_override_globals() =>
        Assert.Equal("mine", Jinja.Render("{{ range }}", """{"range": "mine"}"""));
}
