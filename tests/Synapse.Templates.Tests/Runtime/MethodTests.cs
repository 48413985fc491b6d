using Synapse.Templates.Tests.TestData;

namespace Synapse.Templates.Tests.Runtime;

/// <summary>The Python str and dict methods templates call, and the immutable sandbox refusing mutation.</summary>
public sealed class MethodTests
{
    [Theory]
    [InlineData("[{{ s.strip() }}][{{ s.lstrip() }}][{{ s.rstrip() }}][{{ 'xxaxx'.strip('x') }}]", "[a b][a b \n][ \t a b][a]")]
    [InlineData("{{ 'a b  c'.split() }}|{{ 'a,b,,c'.split(',') }}|{{ 'a,b,c'.split(',', 1) }}|{{ 'a,b,c'.rsplit(',', 1) }}", "['a', 'b', 'c']|['a', 'b', '', 'c']|['a', 'b,c']|['a,b', 'c']")]
    [InlineData("{{ '<think>x</think>answer'.split('</think>')[-1] }}", "answer")]
    [InlineData("{{ 'abc'.startswith('ab') }}{{ 'abc'.endswith('bc') }}{{ 'abc'.startswith(('x', 'a')) }}{{ 'abc'.endswith('x') }}", "TrueTrueTrueFalse")]
    [InlineData("{{ 'aB'.upper() }}{{ 'aB'.lower() }}{{ 'hello wORLD'.title() }}{{ 'hELLO'.capitalize() }}", "ABabHello WorldHello")]
    [InlineData("{{ 'aaa'.replace('a', 'b') }}|{{ 'aaa'.replace('a', 'b', 1) }}", "bbb|baa")]
    [InlineData("{{ '{} and {}'.format(1, 'x') }}|{{ '{0}{0}{name}'.format('a', name='n') }}|{{ '{{}}'.format() }}", "1 and x|aan|{}")]
    [InlineData("{{ 'abcabc'.find('c') }}{{ 'abcabc'.rfind('c') }}{{ 'abcabc'.count('bc') }}{{ '-'.join(['a', 'b']) }}", "252a-b")]
    [InlineData("{{ 'a\\nb\\r\\nc'.splitlines() }}|{{ '12'.isdigit() }}{{ 'a1'.isalpha() }}", "['a', 'b', 'c']|TrueFalse")]
    [InlineData("{{ d.get('a') }}|{{ d.get('zz') }}|{{ d.get('zz', 'dflt') }}|{{ d.keys() | list }}|{{ d.values() | list }}|{{ d.items() | list }}", "1|None|dflt|['a', 'items']|[1, 2]|[('a', 1), ('items', 2)]")]
    [InlineData("{{ d['items'] }}|{{ d.items is defined }}", "2|True")]
    [InlineData("{{ [1, 2, 2].count(2) }}{{ [1, 2].index(2) }}", "21")]
    public void Method_behaves_as_python(string source, string expected) =>
        Assert.Equal(expected, Jinja.Render(source, """{"s": " \t a b \n", "d": {"a": 1, "items": 2}}"""));

    [Theory]
    [InlineData("{% set l = [1] %}{{ l.append(2) }}")]
    [InlineData("{{ d.update({'b': 1}) }}")]
    [InlineData("{{ d.pop('a') }}")]
    public void Mutation_is_refused_by_the_sandbox(string source)
    {
        var error = Jinja.RenderFails(source, """{"d": {"a": 1}}""");
        Assert.Equal("SecurityError", error.ErrorType);
        Assert.Contains("is unsafe", error.Reason, StringComparison.Ordinal);
    }
}
