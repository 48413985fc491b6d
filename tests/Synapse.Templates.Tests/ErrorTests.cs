using Synapse.Templates.Tests.TestData;

namespace Synapse.Templates.Tests;

/// <summary>Errors name the line; raise_exception's message comes through verbatim.</summary>
public sealed class ErrorTests
{
    [Theory]
    [InlineData("line one\n{% if %}x{% endif %}", 2, "unexpected end of statement block")]
    [InlineData("{% for x in y %}\nno end", 2, "Unexpected end of template. Jinja was looking for the following tags: 'endfor' or 'else'. The innermost block that needs to be closed is 'for'.")]
    [InlineData("a\nb\n{{ x | nosuchfilter }}", 3, "No filter named 'nosuchfilter'.")]
    [InlineData("{{ x is nosuchtest }}", 1, "No test named 'nosuchtest'.")]
    [InlineData("\n{% frobnicate %}", 2, "Encountered unknown tag 'frobnicate'.")]
    [InlineData("{{ 'unterminated }}", 1, "unterminated string literal")]
    [InlineData("{# never closed", 1, "Missing end of comment tag")]
    [InlineData("{{ (1 + }}", 1, "unexpected '}'")]
    [InlineData("{{ 1 + }}", 1, "unexpected end of print statement")]
    [InlineData("{% if x %}{% endfor %}", 1, "Encountered unknown tag 'endfor'. Jinja was looking for the following tags: 'elif' or 'else' or 'endif'. The innermost block that needs to be closed is 'if'.")]
    public void Syntax_error_names_the_line(string source, int line, string reason)
    {
        var error = Assert.Throws<TemplateSyntaxException>(() => JinjaTemplate.Parse(source, "t.jinja"));
        Assert.Equal(line, error.Line);
        Assert.Equal(reason, error.Reason);
        Assert.Contains($"line {line}", error.Message, StringComparison.Ordinal);
        Assert.Contains("t.jinja", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deep_nesting_is_a_syntax_error_not_a_crash()
    {
        var source = "{{ " + new string('(', 5000) + "1" + new string(')', 5000) + " }}";
        Assert.Throws<TemplateSyntaxException>(() => JinjaTemplate.Parse(source));
    }

    [Fact]
    public void Raise_exception_surfaces_its_message_verbatim()
    {
        var error = Jinja.RenderFails("a\n{% if true %}{{ raise_exception('Roles must alternate user/assistant!') }}{% endif %}");
        Assert.True(error.RaisedByTemplate);
        Assert.Equal("TemplateError", error.ErrorType);
        Assert.Equal("Roles must alternate user/assistant!", error.Message);
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void Runtime_error_names_the_line()
    {
        var error = Jinja.RenderFails("a\nb\n{{ 'x' + [1] }}");
        Assert.Equal(3, error.Line);
        Assert.EndsWith("(template 'test', line 3)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Runtime_error_inside_a_macro_names_the_macro_line()
    {
        var error = Jinja.RenderFails("{% macro m() %}\n\n{{ 1 + 'a' }}{% endmacro %}\n{{ m() }}");
        Assert.Equal(3, error.Line);
    }
}
