using System.Text.Json;
using Synapse.Cli.Commands;
using Synapse.Templates.Cases;
using Synapse.Testing;
using Synapse.Cli.Tests.Infrastructure;

namespace Synapse.Cli.Tests.Templates;

/// <summary><c>synapse template</c>: one prompt from a template file, a GGUF or a model folder; a cases file; a benchmark.</summary>
public sealed class TemplateCommandTests : IDisposable
{
    private const string ChatML =
        "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}"
        + "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    private readonly string _dir = Directory.CreateTempSubdirectory("synapse-template-cmd-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static Task<(int Code, string Out, string Error)> Run(params string[] args) => CliRun.RunAsync(["template", .. args]);

    private string Messages() => Write("messages.json", """[{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}]""");

    [Fact]
    public async Task Prints_the_prompt_of_a_template_file()
    {
        var template = Write("t.jinja", "{{ bos_token }}" + ChatML);
        var (code, output, error) = await Run(template, "--messages", Messages(), "--bos", "<s>");
        Assert.True(code == 0, error);
        Assert.Equal("<s><|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n", output);
    }

    [Fact]
    public async Task Prints_the_prompt_of_a_gguf_models_own_template()
    {
        var (code, output, error) = await Run(Synapse.Testing.TestModels.TinyChatModelPath, "--messages", Messages());
        Assert.True(code == 0, error);
        Assert.Equal("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n", output);
    }

    [Fact]
    public async Task Reads_a_hugging_face_model_folder_with_its_special_tokens()
    {
        var folder = Path.Combine(_dir, "model");
        Write(Path.Combine("model", "tokenizer_config.json"), JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["bos_token"] = new Dictionary<string, object> { ["content"] = "<s>", ["lstrip"] = false },
            ["eos_token"] = "</s>",
            ["chat_template"] = "{{ bos_token }}{% for m in messages %}[{{ m.role }}] {{ m.content }}{{ eos_token }}{% endfor %}",
        }));
        var (code, output, error) = await Run(folder, "--messages", Messages());
        Assert.True(code == 0, error);
        Assert.Equal("<s>[system] Be brief.</s>[user] Hi</s>", output);
    }

    [Fact]
    public async Task Folds_system_text_when_the_template_rejects_it_as_the_node_does()
    {
        var template = Write("gemma.jinja",
            "{% if messages[0].role == 'system' %}{{ raise_exception('System role not supported') }}{% endif %}{% for m in messages %}<{{ m.role }}>{{ m.content }}{% endfor %}");
        var (code, output, error) = await Run(template, "--messages", Messages());
        Assert.True(code == 0, error);
        Assert.Equal("<user>Be brief.\n\nHi", output);
        Assert.Contains("folded", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_template_error_is_reported_with_exit_code_1()
    {
        var template = Write("raise.jinja", "{{ raise_exception('Only user messages, please') }}");
        var (code, _, error) = await Run(template, "--messages", Write("u.json", """[{"role": "user", "content": "x"}]"""));
        Assert.Equal(1, code);
        Assert.Contains("Only user messages, please", error, StringComparison.Ordinal);

        var broken = Write("broken.jinja", "\n{% if x %}");
        (code, _, error) = await Run(broken, "--messages", Messages());
        Assert.Equal(1, code);
        Assert.Contains("line 2", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing.jinja", "messages.json", "neither a file nor a folder")]
    [InlineData("t.jinja", "bad.json", "messages[0].role")]
    public async Task Bad_inputs_are_reported(string template, string messages, string fragment)
    {
        Write("t.jinja", ChatML);
        Write("messages.json", "[]");
        Write("bad.json", """[{"content": "no role"}]""");
        var (code, _, error) = await Run(Path.Combine(_dir, template), "--messages", Path.Combine(_dir, messages));
        Assert.Equal(1, code);
        Assert.Contains(fragment, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Usage_errors_exit_with_2()
    {
        Assert.Equal(2, (await Run()).Code);
        Assert.Equal(2, (await Run(Write("t.jinja", ChatML))).Code);
        Assert.Equal(2, (await Run("--cases", "x.json")).Code);
    }

    [Fact]
    public async Task Cases_file_renders_every_fixture_case_as_jinja2_did()
    {
        var folder = Fixtures.Require("chat-templates");
        var casesFile = Path.Combine(folder, "cases.json");
        var (code, output, error) = await Run("--cases", casesFile, "--templates", folder);
        Assert.True(code == 0, error);

        var cases = TemplateCase.ReadAll(File.ReadAllText(casesFile)).ToDictionary(c => c.Id);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(cases.Count, lines.Length);
        foreach (var line in lines)
        {
            using var json = JsonDocument.Parse(line);
            var id = json.RootElement.GetProperty("id").GetString()!;
            var expected = cases[id];
            if (expected.ExpectedError is null)
            {
                Assert.Equal(expected.Expected, json.RootElement.GetProperty("rendered").GetString());
            }
            else
            {
                var message = json.RootElement.GetProperty("error").GetString()!;
                if (expected.RaisedByTemplate)
                {
                    Assert.Equal(expected.ExpectedError, message);
                }
            }
        }
    }

    [Fact]
    public async Task Cases_with_a_missing_template_report_an_error_line()
    {
        var cases = Write("cases.json", """
            {"cases": [{"id": "a", "template": "nope.jinja", "messages": []},
                       {"id": "b", "template": "t.jinja", "messages": [{"role": "user", "content": "é\"x"}], "add_generation_prompt": true}]}
            """);
        Write("t.jinja", ChatML);
        var (code, output, _) = await Run("--cases", cases, "--templates", _dir);
        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("cannot read template", JsonDocument.Parse(lines[0]).RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("""{"id":"b","rendered":"<|im_start|>user\né\"x<|im_end|>\n<|im_start|>assistant\n"}""", lines[1]);
    }

    [Fact]
    public async Task Benchmark_reports_renders_per_second()
    {
        var (code, output, error) = await Run(Write("t.jinja", ChatML), "--messages", Messages(), "--benchmark", "0.2");
        Assert.True(code == 0, error);
        Assert.Matches(@"^\d+ renders/s \(", output);
        Assert.Contains("2 messages", output, StringComparison.Ordinal);
    }
}
