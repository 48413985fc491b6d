using Synapse.Templates.Tests.TestData;

namespace Synapse.Templates.Tests.Cases;

/// <summary>Every case of cases.json renders byte for byte as Python Jinja2 did (or fails as it did).</summary>
public sealed class FixtureCaseTests
{
    [Theory]
    [MemberData(nameof(ChatTemplateFixtures.CaseIds), MemberType = typeof(ChatTemplateFixtures))]
    public void Case_renders_as_jinja2_does(string id)
    {
        var @case = ChatTemplateFixtures.RequireCase(id);
        var template = ChatTemplate.Parse(ChatTemplateFixtures.RequireTemplate(@case.TemplateFile), @case.TemplateFile);
        if (@case.ExpectedError is { } expectedError)
        {
            var error = Assert.Throws<TemplateRenderException>(() => template.Render(@case.Input, @case.Clock));
            Assert.Equal(@case.RaisedByTemplate, error.RaisedByTemplate);
            if (@case.RaisedByTemplate)
            {
                Assert.Equal(expectedError, error.Message);
            }

            return;
        }

        Assert.Equal(@case.Expected, template.Render(@case.Input, @case.Clock));
    }

    [Theory]
    [MemberData(nameof(ChatTemplateFixtures.TemplateFiles), MemberType = typeof(ChatTemplateFixtures))]
    public void Template_file_parses(string file)
    {
        var source = ChatTemplateFixtures.RequireTemplate(file);
        var template = JinjaTemplate.Parse(source, file);
        Assert.Equal(file, template.Name);
    }
}
