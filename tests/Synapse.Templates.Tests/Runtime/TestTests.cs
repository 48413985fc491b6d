using Synapse.Templates.Tests.TestData;

namespace Synapse.Templates.Tests.Runtime;

/// <summary>Built-in tests (Jinja docs, "List of Builtin Tests").</summary>
public sealed class TestTests
{
    [Theory]
    [InlineData("{{ s is string }}{{ n is string }}{{ s is not string }}", "TrueFalseFalse")]
    [InlineData("{{ n is none }}{{ s is none }}{{ n is not none }}", "TrueFalseFalse")]
    [InlineData("{{ d is mapping }}{{ l is mapping }}", "TrueFalse")]
    [InlineData("{{ l is iterable }}{{ s is iterable }}{{ d is iterable }}{{ 1 is iterable }}{{ n is iterable }}{{ missing is iterable }}", "TrueTrueTrueFalseFalseTrue")]
    [InlineData("{{ l is sequence }}{{ s is sequence }}{{ 1 is sequence }}", "TrueTrueFalse")]
    [InlineData("{{ 1 is number }}{{ 1.5 is number }}{{ s is number }}{{ 1 is integer }}{{ 1.5 is float }}{{ 1.5 is integer }}", "TrueTrueFalseTrueTrueFalse")]
    [InlineData("{{ t is boolean }}{{ 1 is boolean }}{{ t is true }}{{ t is false }}{{ f is false }}{{ 1 is true }}", "TrueFalseTrueFalseTrueFalse")]
    [InlineData("{{ 3 is odd }}{{ 3 is even }}{{ 9 is divisibleby 3 }}{{ 9 is divisibleby(2) }}", "TrueFalseTrueFalse")]
    [InlineData("{{ 1 is eq 1 }}{{ 'a' is equalto 'b' }}{{ 1 is ne 2 }}{{ 1 is lt 2 }}{{ 2 is gt 1 }}{{ 2 is le 2 }}{{ 2 is ge 3 }}", "TrueFalseTrueTrueTrueTrueFalse")]
    [InlineData("{{ 1 is in [1, 2] }}{{ 'z' is in 'abc' }}{{ range is callable }}{{ s is callable }}", "TrueFalseTrueFalse")]
    [InlineData("{{ n is sameas none }}{{ t is sameas true }}{{ 1 is sameas true }}", "TrueTrueFalse")]
    [InlineData("{{ 'abc' is lower }}{{ 'ABC' is upper }}{{ 'aB' is lower }}", "TrueTrueFalse")]
    [InlineData("{{ missing is defined }}{{ s is defined }}{{ missing is not defined }}", "FalseTrueTrue")]
    [InlineData("{{ not s is string }}", "False")]
    public void Test_behaves_as_jinja(string source, string expected) =>
        Assert.Equal(expected, Jinja.Render(source, """{"s": "x", "n": null, "d": {}, "l": [], "t": true, "f": false}"""));
}
