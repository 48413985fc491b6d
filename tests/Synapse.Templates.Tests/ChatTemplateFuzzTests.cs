using Synapse.Templates.Cases;
using Synapse.Templates.Tests.TestData;
using Synapse.Testing;
using Synapse.Testing.Fuzzing;

namespace Synapse.Templates.Tests;

/// <summary>
/// Seeded mutations of the real chat templates (a downloaded model's tokenizer_config.json carries one): parsing and
/// rendering give text or a <see cref="TemplateException"/> naming the problem, never a crash or a hang.
/// </summary>
public sealed class ChatTemplateFuzzTests
{
    private static readonly string[] Tokens =
    [
        "{{ messages[0]['content'] }}", "{% for m in messages %}", "{% endfor %}", "{% if %}", "{% endif %}", "{% else %}", "{% set x = 1 %}",
        "{{ x | tojson }}", "{{ raise_exception('boom') }}", "{{ 1 / 0 }}", "{{ 'a' * 1000 }}", "{{ range(5) | list }}", "{{ none.x }}",
        "{{ messages | length }}", "{{ tools[0] }}", "{% macro m(a) %}", "{% endmacro %}", "{{ m(1) }}", "{% raw %}", "{% endraw %}",
        "{{ 'x'[1:2:0] }}", "{{ 9999999999999999999999 }}", "{{ -0.0 }}", "{{ 1e308 * 10 }}", "{{ '\\ud800' }}", "{# unclosed", "{%- ", " -%}",
        "{% for i in range(100) %}{% for j in range(100) %}", "{{ x.y.z }}", "{{ (messages|first).role }}", "{% generation %}", "{{ loop.index }}",
    ];

    [Fact]
    public async Task MutatedChatTemplatesRenderOrFailWithATemplateException()
    {
        var cases = ChatTemplateFixtures.LoadCases(Fixtures.Require(Path.Combine(ChatTemplateFixtures.Folder, "cases.json")));
        var sources = cases.Select(c => c.TemplateFile).Distinct(StringComparer.Ordinal)
            .ToDictionary(f => f, ChatTemplateFixtures.RequireTemplate, StringComparer.Ordinal);
        var fuzzer = new FileFuzzer(Mutator.SeedFromEnvironment(16_006)) { Timeout = TimeSpan.FromSeconds(10) };
        await fuzzer.RunAsync("chat templates (parse and render)", 3000, m =>
        {
            var @case = m.Pick(cases);
            return (Case: @case, Source: m.MutateText(sources[@case.TemplateFile], Tokens));
        }, input => ChatTemplate.Parse(input.Source, input.Case.TemplateFile).Render(input.Case.Input, input.Case.Clock),
            input => $"case {input.Case.Id}, mutated template: {input.Source}", typeof(TemplateException));
        fuzzer.Report();
    }

    [Theory]
    [InlineData("{{ '\\ud800' }}")]
    [InlineData("{{ \"a\\udc00b\" }}")]
    [InlineData("{{ '\\U0000D800' }}")]
    [InlineData("{{ '\\UFFFFFFFF' }}")]
    public void ALoneSurrogateOrNegativeEscapeIsASyntaxError(string source)
    {
        // Regression (issue 16 fuzzing): these escapes threw ArgumentOutOfRangeException from char.ConvertFromUtf32.
        var error = Assert.Throws<TemplateSyntaxException>(() => JinjaTemplate.Parse(source, "t"));
        Assert.Contains("escape", error.Message, StringComparison.Ordinal);
    }
}
