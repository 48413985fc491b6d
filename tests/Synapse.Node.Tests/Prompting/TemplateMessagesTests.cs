using System.Text.Json;
using Synapse.Node.Prompting;
using Synapse.OpenAI.Chat;
using Synapse.Templates;
using Synapse.Testing;

namespace Synapse.Node.Tests.Prompting;

/// <summary>How request messages become template values: system folding, content parts, tool-call arguments.</summary>
public sealed class TemplateMessagesTests
{
    private static readonly ResolvedChatTemplate Dump = ResolvedChatTemplate.Create(
        "{% for m in messages %}{{ m | tojson }}\n{% endfor %}", "dump", ChatTemplateOrigin.File, null, null);

    private static ResolvedChatTemplate Folding => Dump with { FoldsSystemIntoUser = true };

    private static ChatCompletionRequest Request(params ChatMessage[] messages) => new() { Messages = [.. messages] };

    private static ChatMessage Message(string role, string? content) => new() { Role = role, Content = content is null ? null : ChatMessageContent.FromText(content) };

    [Fact]
    public void Several_system_messages_fold_into_the_first_user_turn_only()
    {
        var rendered = Folding.Render(Request(Message("system", "A"), Message("system", "B"), Message("user", "u1"), Message("assistant", "a1"), Message("user", "u2")));
        Assert.Equal(
            "{\"role\": \"user\", \"content\": \"A\\n\\nB\\n\\nu1\"}\n{\"role\": \"assistant\", \"content\": \"a1\"}\n{\"role\": \"user\", \"content\": \"u2\"}\n",
            rendered);
    }

    [Fact]
    public void System_text_without_a_user_turn_becomes_the_first_user_turn()
    {
        var rendered = Folding.Render(Request(Message("system", "S"), Message("assistant", "a")));
        Assert.Equal("{\"role\": \"user\", \"content\": \"S\"}\n{\"role\": \"assistant\", \"content\": \"a\"}\n", rendered);
    }

    [Fact]
    public void Without_folding_system_messages_stay()
    {
        var rendered = Dump.Render(Request(Message("system", "S"), Message("user", "u")));
        Assert.StartsWith("{\"role\": \"system\", \"content\": \"S\"}\n", rendered, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_parts_join_with_newlines_and_a_missing_content_is_none()
    {
        var parts = new ChatMessage
        {
            Role = "user",
            Content = ChatMessageContent.FromParts([new ChatContentPart { Type = "text", Text = "one" }, new ChatContentPart { Type = "text", Text = "two" }]),
        };
        var rendered = Dump.Render(Request(parts, Message("assistant", null)));
        Assert.Equal("{\"role\": \"user\", \"content\": \"one\\ntwo\"}\n{\"role\": \"assistant\", \"content\": null}\n", rendered);
    }

    [Fact]
    public void Tool_call_arguments_that_are_a_json_object_are_parsed_others_kept_as_text()
    {
        var call = new ChatMessage
        {
            Role = "assistant",
            ToolCalls =
            [
                new ChatToolCall { Id = "1", Type = "function", Function = new ChatFunctionCall { Name = "f", Arguments = "{\"b\": 1, \"a\": [true]}" } },
                new ChatToolCall { Id = "2", Type = "function", Function = new ChatFunctionCall { Name = "g", Arguments = "not json" } },
            ],
            ExtensionData = new Dictionary<string, JsonElement> { ["reasoning_content"] = JsonSerializer.SerializeToElement("thinking...") },
        };
        var template = ResolvedChatTemplate.Create(
            "{# <tool_call>: a known tool format, so calls keep Hugging Face's shape #}{% for c in messages[0].tool_calls %}{{ c.function.arguments | tojson }};{% endfor %}{{ messages[0].reasoning_content }}", "t", ChatTemplateOrigin.File, null, null);
        Assert.Equal("{\"b\": 1, \"a\": [true]};\"not json\";thinking...", template.Render(Request(call)));
    }

    [Fact]
    public void Kwargs_and_special_tokens_reach_the_template()
    {
        var template = ResolvedChatTemplate.Create("{{ bos_token }}|{{ eos_token }}|{{ flag }}|{{ add_generation_prompt }}", "t", ChatTemplateOrigin.File, "<s>", "</s>");
        var request = Request(Message("user", "x"));
        request.ChatTemplateKwargs = new Dictionary<string, JsonElement> { ["flag"] = JsonSerializer.SerializeToElement(false) };
        Assert.Equal("<s>|</s>|False|True", template.Render(request));
    }

    [Fact]
    public void System_rejection_is_detected_only_for_templates_that_accept_a_lone_user_message()
    {
        var rejectsSystem = ChatTemplate.Parse("{% if messages[0].role == 'system' %}{{ raise_exception('no system') }}{% endif %}ok");
        var rejectsEverything = ChatTemplate.Parse("{{ raise_exception('never') }}");
        var acceptsAll = ChatTemplate.Parse("ok");
        Assert.True(SystemRoleProbe.RejectsSystemRole(rejectsSystem, null, null));
        Assert.False(SystemRoleProbe.RejectsSystemRole(rejectsEverything, null, null));
        Assert.False(SystemRoleProbe.RejectsSystemRole(acceptsAll, null, null));
    }

    [Theory]
    [InlineData("google-gemma-it.jinja", true)]
    [InlineData("google-gemma-2-2b-it.jinja", true)]
    [InlineData("google-gemma-3-it.jinja", false)]
    [InlineData("Qwen-Qwen2.5-7B-Instruct.jinja", false)]
    [InlineData("meta-llama-Llama-3.1-8B-Instruct.jinja", false)]
    public void Real_templates_that_reject_the_system_role_are_detected(string file, bool rejects)
    {
        var template = ChatTemplate.Parse(File.ReadAllText(Fixtures.Require(Path.Combine("chat-templates", file))), file);
        Assert.Equal(rejects, SystemRoleProbe.RejectsSystemRole(template, "<bos>", "<eos>"));
    }
}
