using Synapse.Templates.Tests.TestData;

namespace Synapse.Templates.Tests.Lexing;

/// <summary>
/// Jinja's whitespace control with Hugging Face's trim_blocks + lstrip_blocks (Jinja docs, "Whitespace Control"):
/// the first newline after a block tag is removed, whitespace before a block tag on its own line is removed,
/// <c>-</c> strips all whitespace on its side, <c>+</c> turns lstrip/trim off for that tag, variables are never trimmed.
/// </summary>
public sealed class WhitespaceControlTests
{
    [Theory]
    [InlineData("{% if true %}\nyes\n{% endif %}\n", "yes\n")]
    [InlineData("  {% if true %}\n    x\n  {% endif %}\n", "    x\n")]
    [InlineData("a{{ 1 }}\nb", "a1\nb")]
    [InlineData("  {{ 1 }}", "  1")]
    [InlineData("a  {% if true %}b{% endif %}", "a  b")]
    [InlineData("  {%+ if true %}x{% endif %}", "  x")]
    [InlineData("{% if true +%}\nx{% endif %}", "\nx")]
    [InlineData("a\n  {%- if true %}b{% endif %}", "ab")]
    [InlineData("{% if true -%}\n\n  b{% endif %}", "b")]
    [InlineData("a  {{- 1 -}}  \n b", "a1b")]
    [InlineData("a\n{# comment #}\nb", "a\nb")]
    [InlineData("a\n  {#- comment -#}  \n  b", "ab")]
    [InlineData("x\n", "x")]
    [InlineData("x\n\n", "x\n")]
    [InlineData("a\r\nb\r\n", "a\nb")]
    [InlineData("{% for i in [1, 2] %}\n  {{ i }}\n{% endfor %}\n", "  1\n  2\n")]
    [InlineData("{%- for i in [1, 2] -%}\n  {{ i }}\n{%- endfor %}", "12")]
    [InlineData("{{ 'a' }}\n{{ 'b' }}", "a\nb")]
    [InlineData("{% set x = 1 %}\n\n{{ x }}", "\n1")]
    [InlineData("\t{% if true %}\ty{% endif %}", "\ty")]
    [InlineData("{% raw %}{{ not parsed }} {% if %}{% endraw %}", "{{ not parsed }} {% if %}")]
    [InlineData("a\n  {% raw %}\n{{ x }}\n  {%- endraw %}\nb", "a\n{{ x }}b")]
    public void Whitespace_is_controlled_as_jinja_does(string source, string expected) =>
        Assert.Equal(expected, Jinja.Render(source));

    [Fact]
    public void Lstrip_only_applies_when_the_tag_starts_its_line()
    {
        // After "{{ 1 }}" the line has started, so the spaces before "{% if %}" stay.
        Assert.Equal("1  x", Jinja.Render("{{ 1 }}  {% if true %}x{% endif %}"));
    }

    [Fact]
    public void Newline_eaten_by_trim_blocks_starts_a_line_for_lstrip()
    {
        Assert.Equal("a", Jinja.Render("{% if true %}\n    {% if true %}a{% endif %}{% endif %}"));
    }
}
