using Synapse.Templates.Cases;
using Synapse.Testing;

namespace Synapse.Templates.Tests.TestData;

/// <summary>The real chat templates and their expected renderings in ../shared/fixtures/chat-templates.</summary>
public static class ChatTemplateFixtures
{
    public const string Folder = "chat-templates";

    /// <summary>cases.json read once for all its theory rows, not once per row (read only after Require found it).</summary>
    private static readonly Lazy<IReadOnlyDictionary<string, TemplateCase>> CasesById =
        new(() => LoadCases(Fixtures.Require(Path.Combine(Folder, "cases.json"))).ToDictionary(c => c.Id, StringComparer.Ordinal));

    /// <summary>Case ids for theory rows; one placeholder row when the fixtures are absent (the test then skips).</summary>
    public static TheoryData<string> CaseIds()
    {
        var data = new TheoryData<string>();
        var root = Fixtures.Root;
        var file = root is null ? null : Path.Combine(root, Folder, "cases.json");
        if (file is null || !File.Exists(file))
        {
            data.Add("(fixtures absent)");
            return data;
        }

        foreach (var id in LoadCases(file).Select(c => c.Id))
        {
            data.Add(id);
        }

        return data;
    }

    public static TheoryData<string> TemplateFiles()
    {
        var data = new TheoryData<string>();
        var root = Fixtures.Root;
        var folder = root is null ? null : Path.Combine(root, Folder);
        if (folder is null || !Directory.Exists(folder))
        {
            data.Add("(fixtures absent)");
            return data;
        }

        foreach (var file in Directory.GetFiles(folder, "*.jinja").Select(Path.GetFileName).Order(StringComparer.Ordinal))
        {
            data.Add(file!);
        }

        return data;
    }

    public static IReadOnlyList<TemplateCase> LoadCases(string file) => TemplateCase.ReadAll(File.ReadAllText(file));

    public static TemplateCase RequireCase(string id)
    {
        Fixtures.Require(Path.Combine(Folder, "cases.json"));
        return CasesById.Value[id];
    }

    public static string RequireTemplate(string fileName) =>
        File.ReadAllText(Fixtures.Require(Path.Combine(Folder, fileName)));
}
