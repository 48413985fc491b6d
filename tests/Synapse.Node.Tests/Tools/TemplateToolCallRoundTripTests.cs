using System.Text.Json;
using System.Text.Json.Nodes;
using Synapse.Node.Prompting;
using Synapse.Node.Tools;
using Synapse.OpenAI.Chat;
using Synapse.Templates;
using Synapse.Testing;

namespace Synapse.Node.Tests.Tools;

/// <summary>
/// Every real chat template of the fixtures: an assistant message with tool calls is rendered by the template
/// itself, and the parser of the format detected for that template recovers exactly those calls from the
/// rendering. Templates whose own call syntax belongs to a family Synapse does not parse yet are named here, so a
/// change in what is recognised shows up as a failing test.
/// </summary>
public sealed class TemplateToolCallRoundTripTests
{
    /// <summary>
    /// Templates of families with a call syntax of their own that Synapse does not parse: they get the generic
    /// envelope (calls and results as JSON text in the conversation), and render it.
    /// </summary>
    private static readonly string[] OtherFamilies =
    [
        "ByteDance-Seed-OSS.jinja", "CohereForAI-c4ai-command-r7b-12-2024-tool_use.jinja",
        "GLM-4.6.jinja", "NVIDIA-Nemotron-Nano-v2.jinja", "deepseek-ai-DeepSeek-R1-Distill-Qwen-32B.jinja", "deepseek-ai-DeepSeek-V3.1.jinja",
        "meetkai-functionary-medium-v3.1.jinja",
        "meetkai-functionary-medium-v3.2.jinja", "moonshotai-Kimi-K2.jinja", "openai-gpt-oss-120b.jinja",
    ];

    /// <summary>
    /// Templates that cannot render a tool conversation in Hugging Face's shape at all: firefunction-v2 reads a
    /// <c>functions</c> variable, Command R+ tools with <c>parameter_definitions</c>. Requests with tools get a 400 there.
    /// </summary>
    private static readonly string[] NonStandardToolShapes =
        ["CohereForAI-c4ai-command-r-plus-tool_use.jinja", "fireworks-ai-llama-3-firefunction-v2.jinja"];

    private static readonly FixedClock Clock = new(new DateTime(2026, 1, 2, 3, 4, 5));

    public static TheoryData<string> Templates()
    {
        var data = new TheoryData<string>();
        var directory = Fixtures.Root is { } root ? Path.Combine(root, "chat-templates") : null;
        if (directory is null || !Directory.Exists(directory))
        {
            data.Add("(fixtures absent)");
            return data;
        }

        foreach (var file in Directory.GetFiles(directory, "*.jinja").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void The_parser_recovers_the_calls_the_template_renders(string file)
    {
        var path = Fixtures.Require(Path.Combine("chat-templates", file));
        var template = ResolvedChatTemplate.Create(File.ReadAllText(path), file, ChatTemplateOrigin.File, "<s>", "</s>");
        var expected = new[]
        {
            new ParsedToolCall("get_weather", """{"city": "Paris", "unit": "celsius"}"""),
        };

        var rendering = AssistantRendering(template, expected);
        if (rendering is null || !rendering.Contains("get_weather", StringComparison.Ordinal) || !rendering.Contains("Paris", StringComparison.Ordinal))
        {
            // The template does not render calls (Phi-4-mini and SmolLM3 print content only): nothing to recover.
            Assert.DoesNotContain(file, OtherFamilies);
            Assert.Equal(NonStandardToolShapes.Contains(file), rendering?.StartsWith("(render failed", StringComparison.Ordinal) == true);
            return;
        }

        // A template of another family with calls of its own gets the generic envelope, like any template without tools.
        Assert.Equal(OtherFamilies.Contains(file), template.ToolFormat == ToolCallFormat.Generic && NativelyRendersCalls(path));
        var options = new ChatOutputOptions
        {
            Format = template.ToolFormat,
            ParseToolCalls = true,
            ToolNames = new HashSet<string>(["get_weather", "get_time"], StringComparer.Ordinal),
            ParseReasoning = template.Thinks,
        };
        var pieces = ChatOutputParser.ParseAll(options, rendering);
        var calls = pieces.Where(p => p.Kind == OutputPieceKind.ToolCall).Select(p => p.Call!).ToList();
        Assert.True(calls.Count == expected.Length, $"{file} ({template.ToolFormat}): expected {expected.Length} call(s) in '{rendering}', parsed {calls.Count}");
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Name, calls[i].Name);
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected[i].Arguments), JsonNode.Parse(calls[i].Arguments)),
                $"{file}: arguments {calls[i].Arguments} differ from {expected[i].Arguments}");
        }

        Assert.All(pieces.Where(p => p.Kind == OutputPieceKind.Content), p =>
        {
            foreach (var marker in ToolCallSyntax.For(template.ToolFormat).Markers)
            {
                Assert.DoesNotContain(marker, p.Text, StringComparison.Ordinal);
            }
        });
    }

    [Fact]
    public void Formats_are_detected_per_family()
    {
        Assert.Equal(ToolCallFormat.Hermes, Detect("Qwen-Qwen2.5-7B-Instruct.jinja"));
        Assert.Equal(ToolCallFormat.Hermes, Detect("Qwen-Qwen3-0.6B.jinja"));
        Assert.Equal(ToolCallFormat.Hermes, Detect("NousResearch-Hermes-3-Llama-3.1-8B-tool_use.jinja"));
        Assert.Equal(ToolCallFormat.Hermes, Detect("HuggingFaceTB-SmolLM3-3B.jinja"));
        Assert.Equal(ToolCallFormat.Llama3, Detect("meta-llama-Llama-3.1-8B-Instruct.jinja"));
        Assert.Equal(ToolCallFormat.Llama3, Detect("meta-llama-Llama-3.2-3B-Instruct.jinja"));
        Assert.Equal(ToolCallFormat.MistralNemo, Detect("mistralai-Mistral-Nemo-Instruct-2407.jinja"));
        Assert.Equal(ToolCallFormat.MistralArgs, Detect("Mistral-Small-3.2-24B-Instruct-2506.jinja"));
        Assert.Equal(ToolCallFormat.MistralArgs, Detect("unsloth-mistral-Devstral-Small-2507.jinja"));
        Assert.Equal(ToolCallFormat.Phi4Mini, Detect("microsoft-Phi-4-mini-instruct.jinja"));
        Assert.Equal(ToolCallFormat.Generic, Detect("google-gemma-3-it.jinja"));
    }

    private static bool NativelyRendersCalls(string path) => File.ReadAllText(path).Contains("tool_calls", StringComparison.Ordinal);

    private static ToolCallFormat Detect(string file) =>
        ToolCallFormatDetector.Detect(File.ReadAllText(Fixtures.Require(Path.Combine("chat-templates", file))));

    /// <summary>What the template adds for the assistant turn: the full rendering past the prompt it shares with the generation prompt.</summary>
    private static string? AssistantRendering(ResolvedChatTemplate template, IReadOnlyList<ParsedToolCall> calls)
    {
        var tools = new List<ChatTool>
        {
            Tool("get_weather", """{"type": "object", "properties": {"city": {"type": "string"}, "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}}, "required": ["city"]}"""),
            Tool("get_time", """{"type": "object", "properties": {"zone": {"type": "string"}}}"""),
        };
        var user = new ChatMessage { Role = ChatRoles.User, Content = "What is the weather in Paris?" };
        var assistant = new ChatMessage
        {
            Role = ChatRoles.Assistant,
            ToolCalls = calls.Select((c, i) => new ChatToolCall { Id = $"call_{i}abcdefghijklmnop", Type = "function", Function = new ChatFunctionCall { Name = c.Name, Arguments = c.Arguments } }).ToList(),
        };

        try
        {
            var prompt = template.Render(new ChatCompletionRequest { Messages = [user], Tools = tools }, addGenerationPrompt: true, Clock);
            var full = template.Render(new ChatCompletionRequest { Messages = [user, assistant], Tools = tools }, addGenerationPrompt: false, Clock);
            var shared = 0;
            while (shared < prompt.Length && shared < full.Length && prompt[shared] == full[shared])
            {
                shared++;
            }

            if (shared < prompt.Length)
            {
                // The generation prompt goes on past the shared text (QwQ opens <think>): the turn starts at that line.
                shared = full.LastIndexOfAny(['\n', '>'], Math.Max(0, shared - 1)) + 1;
            }

            return WithoutEndOfTurn(full[shared..]);
        }
        catch (TemplateRenderException e)
        {
            return "(render failed: " + e.Message + ")";
        }
    }

    /// <summary>
    /// The end-of-turn tokens a template writes after the turn are end-of-generation tokens: generation stops at them
    /// and they never reach the output text, so the parser is given the turn without them.
    /// </summary>
    private static string WithoutEndOfTurn(string turn)
    {
        string[] ends = ["<|im_end|>", "<|eot_id|>", "<|eom_id|>", "</s>", "<|end|>", "<|endoftext|>", "<end_of_turn>"];
        var trimmed = turn.TrimEnd();
        var changed = true;
        while (changed)
        {
            changed = false;
            foreach (var end in ends)
            {
                if (trimmed.EndsWith(end, StringComparison.Ordinal))
                {
                    trimmed = trimmed[..^end.Length].TrimEnd();
                    changed = true;
                }
            }
        }

        return trimmed;
    }

    private static ChatTool Tool(string name, string parameters) => new()
    {
        Type = "function",
        Function = new ChatFunctionDefinition { Name = name, Description = $"The {name} function.", Parameters = JsonDocument.Parse(parameters).RootElement.Clone() },
    };
}
