using Synapse.Templates.Tests.TestData;

namespace Synapse.Templates.Tests.Runtime;

/// <summary>Jinja's default Undefined (API docs, "Undefined Types"): printable, iterable and falsy, anything else fails.</summary>
public sealed class UndefinedTests
{
    [Theory]
    [InlineData("[{{ missing }}]", "[]")]
    [InlineData("{% for x in missing %}x{% else %}empty{% endfor %}", "empty")]
    [InlineData("{{ missing is defined }}|{{ missing is undefined }}|{{ d.nokey is defined }}", "False|True|False")]
    [InlineData("{{ missing | default('d') }}|{{ '' | default('d') }}|{{ '' | default('d', true) }}|{{ none | default('d') }}", "d||d|None")]
    [InlineData("{{ missing | length }}|{{ missing | list }}|{{ missing | string }}|{{ missing | trim }}|", "0|[]|||")]
    [InlineData("{{ (missing or 'x') }}|{{ 'yes' if missing else 'no' }}|{{ not missing }}", "x|no|True")]
    [InlineData("[{{ d.nokey }}]|[{{ d['nokey'] }}]|[{{ l[5] }}]", "[]|[]|[]")]
    [InlineData("{{ missing == missing }}|{{ 'a' in missing }}|{{ missing ~ 'x' }}", "True|False|x")]
    [InlineData("{{ missing | items | list }}", "[]")]
    public void Undefined_is_lenient_where_jinja_is(string source, string expected) =>
        Assert.Equal(expected, Jinja.Render(source, """{"d": {"a": 1}, "l": [1]}"""));

    [Theory]
    [InlineData("{{ missing.attr }}", "'missing' is undefined")]
    [InlineData("{{ missing['k'] }}", "'missing' is undefined")]
    [InlineData("{{ missing + 1 }}", "'missing' is undefined")]
    [InlineData("{{ missing() }}", "'missing' is undefined")]
    [InlineData("{{ d.nokey.x }}", "'dict object' has no attribute 'nokey'")]
    [InlineData("{{ n.split('x') }}", "'None' has no attribute 'split'")]
    [InlineData("{{ missing | tojson }}", "Object of type Undefined is not JSON serializable")]
    public void Using_an_undefined_value_fails(string source, string reason)
    {
        var error = Jinja.RenderFails(source, """{"d": {"a": 1}, "n": null}""");
        Assert.Equal(reason, error.Reason);
    }

    [Fact]
    public void Bos_token_is_undefined_when_the_model_has_none_but_tools_is_none()
    {
        var template = ChatTemplate.Parse("{{ bos_token is defined }}|{{ tools is defined }}|{{ tools is none }}|{{ documents is none }}|[{{ bos_token }}]");
        var rendered = template.Render(new ChatTemplateInput { Messages = new List<object?>() });
        Assert.Equal("False|True|True|True|[]", rendered);
    }
}
