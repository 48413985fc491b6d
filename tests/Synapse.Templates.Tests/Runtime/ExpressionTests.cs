using Synapse.Templates.Tests.TestData;

namespace Synapse.Templates.Tests.Runtime;

/// <summary>Expressions with Python's semantics (Jinja docs, "Expressions": literals, math, comparisons, logic, other operators).</summary>
public sealed class ExpressionTests
{
    [Theory]
    [InlineData("{{ 1 + 2 * 3 }}", "7")]
    [InlineData("{{ (1 + 2) * 3 }}", "9")]
    [InlineData("{{ 7 // 2 }}|{{ -7 // 2 }}|{{ 7 % 3 }}|{{ -7 % 3 }}", "3|-4|1|2")]
    [InlineData("{{ 7 / 2 }}|{{ 4 / 2 }}", "3.5|2.0")]
    [InlineData("{{ 2 ** 10 }}|{{ 2 ** -1 }}", "1024|0.5")]
    [InlineData("{{ -3 }}|{{ +3 }}|{{ - -3 }}", "-3|3|3")]
    [InlineData("{{ 0.1 + 0.2 }}|{{ 1.5e3 }}|{{ 1e20 * 10 }}|{{ 1 / 3 }}|{{ 0.0001 }}|{{ 0.00001 }}", "0.30000000000000004|1500.0|1e+21|0.3333333333333333|0.0001|1e-05")]
    [InlineData("{{ 1_000 }}", "1000")]
    [InlineData("{{ 'a' ~ 1 ~ none ~ true }}", "a1NoneTrue")]
    [InlineData("{{ 'ab' * 2 }}|{{ [1] * 3 }}", "abab|[1, 1, 1]")]
    [InlineData("{{ 'a' 'b' \"c\" }}", "abc")]
    [InlineData("{{ 'a\\nb\\t\\'q\\'\\u00e9' }}", "a\nb\t'q'é")]
    [InlineData("{{ 1 < 2 < 3 }}|{{ 3 > 2 > 2 }}|{{ 1 == 1.0 }}|{{ 'a' != 'b' }}|{{ 2 >= 2 }}|{{ 'a' < 'b' }}", "True|False|True|True|True|True")]
    [InlineData("{{ 'b' in 'abc' }}|{{ 3 not in [1, 2] }}|{{ 'k' in {'k': 1} }}|{{ 1 in (1, 2) }}", "True|True|True|True")]
    [InlineData("{{ none or 'd' }}|{{ 0 and 1 }}|{{ 'x' and 'y' }}|{{ not 0 }}|{{ not 'a' }}", "d|0|y|True|False")]
    [InlineData("{{ 'x' if true else 'y' }}|{{ 'x' if false else 'y' }}|{{ 'x' if false }}|", "x|y||")]
    [InlineData("{{ [1, 2, 3, 4][1:3] }}|{{ [1, 2, 3][-1] }}|{{ [1, 2, 3][::-1] }}|{{ [1, 2, 3][:-1] }}|{{ [1, 2, 3][5:] }}", "[2, 3]|3|[3, 2, 1]|[1, 2]|[]")]
    [InlineData("{{ 'hello'[::-1] }}|{{ 'hello'[1:] }}|{{ 'hello'[0] }}|{{ 'hello'[-1] }}|{{ 'hello'[::2] }}", "olleh|ello|h|o|hlo")]
    [InlineData("{{ (1,) }}|{{ (1, 'a') }}|{{ () }}", "(1,)|(1, 'a')|()")]
    [InlineData("{{ {'a': 1, 'b': [True, None, 1.0]} }}", "{'a': 1, 'b': [True, None, 1.0]}")]
    [InlineData("{{ [\"it's\", 'say \"hi\"', 'both \\' \"', 'nl\\n'] }}", "[\"it's\", 'say \"hi\"', 'both \\' \"', 'nl\\n']")]
    [InlineData("{{ true }}|{{ True }}|{{ none }}|{{ None }}|{{ false }}", "True|True|None|None|False")]
    [InlineData("{{ [1, 2] + [3] }}|{{ 'a' + 'b' }}|{{ 1 + 1.5 }}|{{ true + 1 }}", "[1, 2, 3]|ab|2.5|2")]
    [InlineData("{{ d.a }}|{{ d['a'] }}|{{ l.0 }}|{{ l[1] }}", "1|1|x|y")]
    [InlineData("{{ 1, 2 }}", "(1, 2)")]
    public void Expression_evaluates_as_in_python(string source, string expected) =>
        Assert.Equal(expected, Jinja.Render(source, """{"d": {"a": 1}, "l": ["x", "y"]}"""));

    [Theory]
    [InlineData("{{ 'a' + [1] }}", "can only concatenate str (not \"list\") to str")]
    [InlineData("{{ 'a' + {'k': 1} }}", "can only concatenate str (not \"dict\") to str")]
    [InlineData("{{ [1] + 'a' }}", "can only concatenate list (not \"str\") to list")]
    [InlineData("{{ 1 + 'a' }}", "unsupported operand type(s) for +: 'int' and 'str'")]
    [InlineData("{{ 1 < 'a' }}", "'<' not supported between instances of 'int' and 'str'")]
    [InlineData("{{ 'a' in none }}", "argument of type 'NoneType' is not iterable")]
    public void Python_type_errors_fail_the_render(string source, string reason)
    {
        var error = Jinja.RenderFails(source);
        Assert.Equal("TypeError", error.ErrorType);
        Assert.Equal(reason, error.Reason);
        Assert.False(error.RaisedByTemplate);
    }

    [Fact]
    public void Division_by_zero_fails() =>
        Assert.Equal("ZeroDivisionError", Jinja.RenderFails("{{ 1 / 0 }}").ErrorType);

    [Fact]
    public void Json_input_keeps_key_order_and_number_kinds() =>
        Assert.Equal("{'z': 1, 'a': 1.0, 'm': [2.5, -3, 12345678901234]}", Jinja.Render("{{ v }}", """{"v": {"z": 1, "a": 1.0, "m": [2.5, -3, 12345678901234]}}"""));
}
