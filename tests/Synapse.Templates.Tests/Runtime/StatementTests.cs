using Synapse.Templates.Tests.TestData;

namespace Synapse.Templates.Tests.Runtime;

/// <summary>Control structures (Jinja docs, "List of Control Structures"; loopcontrols extension).</summary>
public sealed class StatementTests
{
    [Theory]
    [InlineData("{% if x == 1 %}one{% elif x == 2 %}two{% else %}other{% endif %}", "two")]
    [InlineData("{% if x > 5 %}big{% endif %}", "")]
    [InlineData("{% for i in [] %}x{% else %}none{% endfor %}", "none")]
    [InlineData("{% for i in 'ab' %}{{ i }}{% endfor %}", "ab")]
    [InlineData("{% for k in {'b': 1, 'a': 2} %}{{ k }}{% endfor %}", "ba")]
    [InlineData("{% for k, v in {'b': 1, 'a': 2}.items() %}{{ k }}={{ v }};{% endfor %}", "b=1;a=2;")]
    [InlineData("{% for (a, b) in [[1, 2], [3, 4]] %}{{ a + b }},{% endfor %}", "3,7,")]
    [InlineData("{% for i in [1, 2, 3] %}{{ loop.index }}{{ loop.index0 }}{{ loop.revindex }}{{ loop.revindex0 }}{{ loop.first }}{{ loop.last }}{{ loop.length }};{% endfor %}",
        "1032TrueFalse3;2121FalseFalse3;3210FalseTrue3;")]
    [InlineData("{% for i in [1, 2, 3] %}{{ loop.previtem is defined }}{{ loop.previtem }}-{{ loop.nextitem }};{% endfor %}", "False-2;True1-3;True2-;")]
    [InlineData("{% for i in [1, 2, 3] %}{{ loop.cycle('a', 'b') }}{% endfor %}", "aba")]
    [InlineData("{% for i in [1, 1, 2] %}{{ loop.changed(i) }},{% endfor %}", "True,False,True,")]
    [InlineData("{% for i in range(10) if i is odd %}{{ i }}/{{ loop.length }} {% endfor %}", "1/5 3/5 5/5 7/5 9/5 ")]
    [InlineData("{% for i in range(10) %}{% if i == 3 %}{% break %}{% endif %}{{ i }}{% endfor %}", "012")]
    [InlineData("{% for i in range(5) %}{% if i is even %}{% continue %}{% endif %}{{ i }}{% endfor %}", "13")]
    [InlineData("{% for i in [1, 2] %}{% for j in 'ab' %}{{ loop.index }}{{ j }}{% endfor %}{{ loop.index }};{% endfor %}", "1a2b1;1a2b2;")]
    [InlineData("{% set x = 1 %}{% for i in [1, 2] %}{{ x }}{% set x = 5 %}{{ x }}{% endfor %}{{ x }}", "15151")]
    [InlineData("{% set ns = namespace(found=false, n=0) %}{% for i in [1, 2, 3] %}{% set ns.n = ns.n + i %}{% if i == 2 %}{% set ns.found = true %}{% endif %}{% endfor %}{{ ns.found }} {{ ns.n }}", "True 6")]
    [InlineData("{% set a, b = 1, 2 %}{{ a }}{{ b }}", "12")]
    [InlineData("{% set x %}hi {{ 1 }}{% endset %}[{{ x }}]", "[hi 1]")]
    [InlineData("{% set x | upper | trim %} ab {% endset %}[{{ x }}]", "[AB]")]
    [InlineData("{% if true %}{% set y = 2 %}{% endif %}{{ y }}", "2")]
    [InlineData("{% macro greet(name, greeting='Hello') %}{{ greeting }}, {{ name }}!{% endmacro %}{{ greet('Ann') }} {{ greet('Bob', greeting='Hi') }} {{ greet('Cy', 'Yo') }}",
        "Hello, Ann! Hi, Bob! Yo, Cy!")]
    [InlineData("{% macro f(n) %}{% if n <= 1 %}1{% else %}{{ n }}*{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(4) }}", "4*3*2*1")]
    [InlineData("{% macro m(a) %}[{{ a }}|{{ varargs }}|{{ kwargs }}]{% endmacro %}{{ m(1, 2, 3, k='v') }}", "[1|[2, 3]|{'k': 'v'}]")]
    [InlineData("{% macro m(a) %}[{{ a }}]{% endmacro %}{{ m() }}", "[]")]
    [InlineData("{% macro wrap() %}<{{ caller() }}>{% endmacro %}{% call wrap() %}inner{% endcall %}", "<inner>")]
    [InlineData("{% macro each(items) %}{% for i in items %}{{ caller(i) }}{% endfor %}{% endmacro %}{% call(n) each([1, 2]) %}({{ n }}){% endcall %}", "(1)(2)")]
    [InlineData("{% set outer = 'o' %}{% macro m() %}{{ outer }}{% endmacro %}{{ m() }}", "o")]
    [InlineData("{% filter upper %}abc {{ 'd' }}{% endfilter %}", "ABC D")]
    [InlineData("{% filter replace('a', 'b') | upper %}aa{% endfilter %}", "BB")]
    [InlineData("{% generation %}x{{ 1 }}{% endgeneration %}", "x1")]
    [InlineData("{% for n in [{'v': 1, 'c': [{'v': 2, 'c': [{'v': 3}]}]}, {'v': 4}] recursive %}{{ n.v }}@{{ loop.depth }}{% if n.c %}({{ loop(n.c) }}){% endif %};{% endfor %}", "1@1(2@2(3@3;););4@1;")]
    public void Statement_renders_as_jinja_does(string source, string expected) =>
        Assert.Equal(expected, Jinja.Render(source, """{"x": 2}"""));

    [Fact]
    public void Calling_a_non_recursive_loop_fails() =>
        Assert.Equal("TypeError", Jinja.RenderFails("{% for i in [1] %}{{ loop([]) }}{% endfor %}").ErrorType);

    [Fact]
    public void Runaway_recursion_fails_cleanly()
    {
        var error = Jinja.RenderFails("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}");
        Assert.Equal("RecursionError", error.ErrorType);
    }

    [Fact]
    public void Assigning_an_attribute_of_a_non_namespace_fails()
    {
        var error = Jinja.RenderFails("{% set d.x = 1 %}", """{"d": {}}""");
        Assert.Contains("non-namespace", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Unpacking_the_wrong_number_of_values_fails() =>
        Assert.Equal("ValueError", Jinja.RenderFails("{% set a, b = [1, 2, 3] %}").ErrorType);
}
