using Synapse.Templates.Tests.TestData;

namespace Synapse.Templates.Tests.Runtime;

/// <summary>Built-in filters (Jinja docs, "List of Builtin Filters"), and Hugging Face's tojson.</summary>
public sealed class FilterTests
{
    private const string Data = """
        {"msgs": [{"role": "user", "content": "a"}, {"role": "system", "content": "b"}, {"role": "user"}],
         "d": {"b": 2, "A": 1, "c": 3}, "words": ["b", "A", "a", "c"], "s": "  Hello World  ", "n": null}
        """;

    [Theory]
    [InlineData("{{ s | trim }}|{{ 'xxaxx' | trim('x') }}", "Hello World|a")]
    [InlineData("{{ 'aB' | upper }}{{ 'aB' | lower }}", "ABab")]
    [InlineData("{{ 'hello world-foo (bar)' | title }}|{{ 'hELLO wORLD' | capitalize }}", "Hello World-Foo (Bar)|Hello world")]
    [InlineData("{{ msgs | length }}|{{ 'héllo' | length }}|{{ d | count }}", "3|5|3")]
    [InlineData("{{ words | first }}{{ words | last }}{{ 'xyz' | first }}", "bcx")]
    [InlineData("{{ words | join(', ') }}|{{ [1, none, 'x'] | join }}|{{ msgs | join('/', attribute='role') }}", "b, A, a, c|1Nonex|user/system/user")]
    [InlineData("{{ 'aaa' | replace('a', 'b') }}|{{ 'aaa' | replace('a', 'b', 2) }}", "bbb|bba")]
    [InlineData("{{ 'ab' | list }}|{{ d | list }}|{{ (1, 2) | list }}", "['a', 'b']|['b', 'A', 'c']|[1, 2]")]
    [InlineData("{{ msgs | map(attribute='role') | list }}|{{ msgs | map(attribute='content', default='-') | join }}|{{ words | map('upper') | join }}", "['user', 'system', 'user']|ab-|BAAC")]
    [InlineData("{{ [1, 2, 3, 4] | select('odd') | list }}|{{ [1, 2, 3, 4] | reject('odd') | list }}|{{ [0, 1, '', 'a'] | select | list }}", "[1, 3]|[2, 4]|[1, 'a']")]
    [InlineData("{{ msgs | selectattr('role', 'equalto', 'user') | list | length }}|{{ msgs | rejectattr('role', 'eq', 'user') | map(attribute='content') | first }}|{{ msgs | selectattr('content', 'defined') | list | length }}", "2|b|2")]
    [InlineData("{{ msgs | selectattr('content') | list | length }}|{{ none | selectattr('x') | list }}|{{ none | map('upper') | list }}", "2|[]|[]")]
    [InlineData("{{ d | items | list }}|{% for k, v in d | items %}{{ k }}{{ v }}{% endfor %}", "[('b', 2), ('A', 1), ('c', 3)]|b2A1c3")]
    [InlineData("{{ d | dictsort }}|{{ d | dictsort(true) }}|{{ d | dictsort(by='value', reverse=true) }}", "[('A', 1), ('b', 2), ('c', 3)]|[('A', 1), ('b', 2), ('c', 3)]|[('c', 3), ('b', 2), ('A', 1)]")]
    [InlineData("{{ words | unique | list }}|{{ words | unique(case_sensitive=true) | list }}", "['b', 'A', 'c']|['b', 'A', 'a', 'c']")]
    [InlineData("{{ '42' | int }}|{{ '3.9' | int }}|{{ 'x' | int }}|{{ 'x' | int(7) }}|{{ 3.9 | int }}|{{ 'ff' | int(base=16) }}", "42|3|0|7|3|255")]
    [InlineData("{{ '2.5' | float }}|{{ 3 | float }}|{{ 'x' | float }}", "2.5|3.0|0.0")]
    [InlineData("{{ 5 | string }}{{ none | string }}{{ [1] | string }}", "5None[1]")]
    [InlineData("{{ 'a\\nb\\n\\nc' | indent }}|{{ 'a\\nb' | indent(2, first=true) }}|{{ 'a\\n\\nb' | indent(2, blank=true) }}|{{ 'a\\nb' | indent('> ') }}", "a\n    b\n\n    c|  a\n  b|a\n  \n  b|a\n> b")]
    [InlineData("{{ 2.5 | round }}|{{ 3.14159 | round(2) }}|{{ 2.1 | round(method='ceil') }}|{{ 2.9 | round(method='floor') }}", "2.0|3.14|3.0|2.0")]
    [InlineData("{{ -3 | abs }}|{{ [1, 2, 3] | sum }}|{{ [3, 1, 2] | sort }}|{{ words | sort | join }}|{{ [3, 1, 2] | sort(reverse=true) }}", "3|6|[1, 2, 3]|Aabc|[3, 2, 1]")]
    [InlineData("{{ [1, 2] | reverse | list }}|{{ 'abc' | reverse }}|{{ [1, 5, 3] | max }}|{{ [4, 2] | min }}", "[2, 1]|cba|5|2")]
    [InlineData("{{ [1, 2, 3] | batch(2) | list }}|{{ 'ab' | center(6) }}|{{ 'one two  three' | wordcount }}", "[[1, 2], [3]]|  ab  |3")]
    [InlineData("{{ '<a>' | safe }}|{{ '<a> & \"q\"' | e }}|{{ '%s-%s' | format(1, 'x') }}", "<a>|&lt;a&gt; &amp; &#34;q&#34;|1-x")]
    [InlineData("{{ msgs | attr('0') }}|{{ d | attr('b') }}", "|2")]
    public void Filter_behaves_as_jinja(string source, string expected) =>
        Assert.Equal(expected, Jinja.Render(source, Data));

    [Theory]
    [InlineData("{{ v | tojson }}", "{\"z\": 1, \"a\": [1.0, true, null, \"é<>&'\"], \"e\": {}, \"l\": []}")]
    [InlineData("{{ v | tojson(indent=2) }}", "{\n  \"z\": 1,\n  \"a\": [\n    1.0,\n    true,\n    null,\n    \"é<>&'\"\n  ],\n  \"e\": {},\n  \"l\": []\n}")]
    [InlineData("{{ v | tojson(separators=(',', ':')) }}", "{\"z\":1,\"a\":[1.0,true,null,\"é<>&'\"],\"e\":{},\"l\":[]}")]
    [InlineData("{{ v | tojson(sort_keys=true) }}", "{\"a\": [1.0, true, null, \"é<>&'\"], \"e\": {}, \"l\": [], \"z\": 1}")]
    [InlineData("{{ v | tojson(ensure_ascii=true) }}", "{\"z\": 1, \"a\": [1.0, true, null, \"\\u00e9<>&'\"], \"e\": {}, \"l\": []}")]
    [InlineData("{{ 'a\"b\\\\c\\n\\u0001' | tojson }}", "\"a\\\"b\\\\c\\n\\u0001\"")]
    [InlineData("{{ (1, 'x') | tojson }}|{{ 1e-7 | tojson }}|{{ 12345678901234567890.0 | tojson }}", "[1, \"x\"]|1e-07|1.2345678901234567e+19")]
    public void Tojson_is_python_json_dumps(string source, string expected) =>
        Assert.Equal(expected, Jinja.Render(source, """{"v": {"z": 1, "a": [1.0, true, null, "é<>&'"], "e": {}, "l": []}}"""));

    [Fact]
    public void Items_of_a_non_mapping_fails() =>
        Assert.Equal("TypeError", Jinja.RenderFails("{{ [1] | items }}").ErrorType);

    [Fact]
    public void Safe_markup_escapes_what_is_added_to_it() =>
        Assert.Equal("x: {&#34;a&#34;: 1}", Jinja.Render("{{ 'x: '|safe + v | tojson }}", """{"v": {"a": 1}}"""));
}
