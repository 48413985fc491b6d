using Synapse.Hosting.Settings;
using System.ClientModel;
using System.Net;
using Microsoft.Extensions.Logging;
using OpenAI.Chat;
using Synapse.Node.Configuration;
using Synapse.Node.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Synapse.Node.Prompting;
using Wire = Synapse.OpenAI.Chat;

namespace Synapse.Node.Tests.Prompting;

/// <summary>
/// How the node renders chat prompts (with a fake engine, so each test sees exactly the tokens the model was fed):
/// the model's template, SYNAPSE_CHAT_TEMPLATE, BOS handling, template errors as 400, kwargs, content parts,
/// the fallback layout and system folding.
/// </summary>
public sealed class ChatTemplateTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("synapse-tpl-").FullName;

    private string ModelFile => Path.Combine(_dir, "fake.gguf");

    public async ValueTask InitializeAsync() => await File.WriteAllTextAsync(ModelFile, "not a real model: the fake engine serves it");

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        return ValueTask.CompletedTask;
    }

    private string TemplateFile(string source)
    {
        var path = Path.Combine(_dir, $"template-{Guid.NewGuid():N}.jinja");
        File.WriteAllText(path, source);
        return path;
    }

    private Task<NodeHost> StartAsync(FakeEngine engine, string? templateFile = null, LogCollector? logs = null)
    {
        var environment = new Dictionary<string, string?> { ["Logging__LogLevel__Synapse.Node.Prompting"] = "Debug" };
        if (templateFile is not null)
        {
            environment["SYNAPSE_CHAT_TEMPLATE"] = templateFile;
        }

        return NodeHost.StartAsync(ModelFile, engine: engine, environment: environment, configureServices: logs is null ? null : logs.Register);
    }

    private static string Fed(FakeEngine engine) => engine.Detokenize(engine.LastPromptTokens);

    private static int BosCount(FakeEngine engine) => engine.LastPromptTokens.Count(t => t == 1);

    [Fact]
    public async Task Prompt_is_the_models_template_rendering_with_one_bos()
    {
        var engine = new FakeEngine();
        await using var host = await StartAsync(engine);
        await host.Chat().CompleteChatAsync([new SystemChatMessage("Be brief."), new UserChatMessage("Hi"), new AssistantChatMessage("Hello!"), new UserChatMessage("Bye")],
            new ChatCompletionOptions { MaxOutputTokenCount = 4 });

        Assert.Equal(
            "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\nHello!<|im_end|>\n"
            + "<|im_start|>user\nBye<|im_end|>\n<|im_start|>assistant\n",
            Fed(engine));
        Assert.Equal(1, engine.LastPromptTokens[0]);
        Assert.Equal(1, BosCount(engine));
    }

    [Fact]
    public async Task Bos_written_by_the_template_is_not_added_again()
    {
        var engine = new FakeEngine();
        await using var host = await StartAsync(engine, TemplateFile("{{ bos_token }}{% for m in messages %}[{{ m.role }}]{{ m.content }}{% endfor %}[assistant]"));
        await host.Chat().CompleteChatAsync([new UserChatMessage("Hi")], new ChatCompletionOptions { MaxOutputTokenCount = 2 });

        Assert.Equal("[user]Hi[assistant]", Fed(engine));
        Assert.Equal(1, engine.LastPromptTokens[0]);
        Assert.Equal(1, BosCount(engine));
    }

    [Fact]
    public async Task A_template_that_raises_answers_400_with_its_message()
    {
        const string Template = """
            {%- for m in messages %}
              {%- if (m.role == 'user') != (loop.index0 % 2 == 0) %}
                {{- raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}
              {%- endif %}
              {{- m.role }}: {{ m.content }}
            {% endfor %}
            """;
        var engine = new FakeEngine();
        await using var host = await StartAsync(engine, TemplateFile(Template));

        var (response, body) = await Sse.PostJsonAsync(host.Http, "/v1/chat/completions",
            """{"messages": [{"role": "user", "content": "a"}, {"role": "user", "content": "b"}], "max_tokens": 2}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Sse.AssertEnvelope(body, "invalid_value", "messages");
        Assert.Equal("Conversation roles must alternate user/assistant/user/assistant/...", body.GetProperty("error").GetProperty("message").GetString());

        // The SDK sees the same 400; an alternating conversation still works.
        var error = await Assert.ThrowsAsync<ClientResultException>(() => host.Chat().CompleteChatAsync([new UserChatMessage("a"), new UserChatMessage("b")]));
        Assert.Equal(400, error.Status);
        var ok = await host.Chat().CompleteChatAsync([new UserChatMessage("a"), new AssistantChatMessage("b"), new UserChatMessage("c")], new ChatCompletionOptions { MaxOutputTokenCount = 2 });
        Assert.NotEmpty(ok.Value.Content[0].Text);
    }

    [Fact]
    public async Task A_template_runtime_error_answers_400_naming_the_template_line()
    {
        var engine = new FakeEngine();
        await using var host = await StartAsync(engine, TemplateFile("{% for m in messages %}\n{{ m.content + m.extra }}{% endfor %}"));
        var (response, body) = await Sse.PostJsonAsync(host.Http, "/v1/chat/completions", """{"messages": [{"role": "user", "content": "a", "extra": [1]}]}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Sse.AssertEnvelope(body, "invalid_value", "messages");
        var message = body.GetProperty("error").GetProperty("message").GetString()!;
        Assert.Contains("can only concatenate str (not \"list\") to str", message, StringComparison.Ordinal);
        Assert.Contains("line 2", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_template_kwargs_and_content_parts_reach_the_template()
    {
        var engine = new FakeEngine();
        await using var host = await StartAsync(engine, TemplateFile(
            "{% if enable_thinking is defined and not enable_thinking %}/no_think {% endif %}{{ style | default('plain') }}|{% for m in messages %}{{ m.content }}|{% endfor %}"));

        await Sse.PostJsonAsync(host.Http, "/v1/chat/completions", """
            {"messages": [{"role": "user", "content": [{"type": "text", "text": "part one"}, {"type": "text", "text": "part two"}]}],
             "chat_template_kwargs": {"enable_thinking": false, "style": "terse"}, "max_tokens": 2}
            """);
        Assert.Equal("/no_think terse|part one\npart two|", Fed(engine));

        var (response, body) = await Sse.PostJsonAsync(host.Http, "/v1/chat/completions",
            """{"messages": [{"role": "user", "content": "x"}], "chat_template_kwargs": {"messages": []}}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Sse.AssertEnvelope(body, "invalid_value", "chat_template_kwargs");
    }

    [Fact]
    public async Task Tool_calls_and_tools_are_passed_as_templates_expect_them()
    {
        var engine = new FakeEngine();
        await using var host = await StartAsync(engine, TemplateFile(
            // The comment names Hermes' call marker: a template of a known tool format gets calls in Hugging Face's shape
            // (one without gets the generic envelope, see ToolPromptAdapter).
            "{# <tool_call> #}{{ tools | tojson }}|{% for m in messages %}{% for c in m.tool_calls or [] %}{{ c.function.name }}({{ c.function.arguments.city }}){% endfor %}{% endfor %}"));
        var request = PromptProbe.Request(("user", "weather?"));
        request.Messages!.Add(new Wire.ChatMessage
        {
            Role = "assistant",
            ToolCalls = [new Wire.ChatToolCall { Id = "c1", Type = "function", Function = new Wire.ChatFunctionCall { Name = "get_weather", Arguments = """{"city": "Paris"}""" } }],
        });
        request.Tools = [new Wire.ChatTool { Type = "function", Function = new Wire.ChatFunctionDefinition { Name = "get_weather", Description = "Weather" } }];

        var prompt = host.Services.GetRequiredService<IPromptRenderer>().RenderChat(request);
        Assert.Equal("""[{"type": "function", "function": {"name": "get_weather", "description": "Weather"}}]|get_weather(Paris)""", prompt);
    }

    [Fact]
    public async Task A_model_without_template_gets_the_fallback_layout_and_a_warning_at_start()
    {
        var engine = new FakeEngine();
        engine.Model = engine.Model with { ChatTemplate = null };
        var logs = new LogCollector();
        await using var host = await StartAsync(engine, logs: logs);
        await host.Chat().CompleteChatAsync([new SystemChatMessage("Be brief."), new UserChatMessage("Hi")], new ChatCompletionOptions { MaxOutputTokenCount = 2 });

        Assert.Equal("System: Be brief.\n\nUser: Hi\n\nAssistant:", Fed(engine));
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("has no chat template", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_template_rejecting_the_system_role_gets_system_text_folded_into_the_first_user_turn()
    {
        const string GemmaLike = """
            {%- if messages[0]['role'] == 'system' %}{{ raise_exception('System role not supported') }}{% endif %}
            {%- for m in messages %}<start_of_turn>{{ m.role }}
            {{ m.content }}<end_of_turn>
            {% endfor %}{{ '<start_of_turn>model\n' }}
            """;
        var engine = new FakeEngine();
        var logs = new LogCollector();
        await using var host = await StartAsync(engine, TemplateFile(GemmaLike), logs);

        await host.Chat().CompleteChatAsync([new SystemChatMessage("Be brief."), new UserChatMessage("Hi")], new ChatCompletionOptions { MaxOutputTokenCount = 2 });
        Assert.Equal("<start_of_turn>user\nBe brief.\n\nHi<end_of_turn>\n<start_of_turn>model\n", Fed(engine));
        await host.Chat().CompleteChatAsync([new UserChatMessage("Hi")], new ChatCompletionOptions { MaxOutputTokenCount = 2 });
        Assert.Equal("<start_of_turn>user\nHi<end_of_turn>\n<start_of_turn>model\n", Fed(engine));

        Assert.Single(logs.Entries, e => e.Message.Contains("rejects the system role", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Only_the_rendered_prompt_size_is_logged_at_debug_never_its_text()
    {
        var engine = new FakeEngine();
        var logs = new LogCollector();
        await using var host = await StartAsync(engine, logs: logs);
        await host.Chat().CompleteChatAsync([new UserChatMessage("Hi there")], new ChatCompletionOptions { MaxOutputTokenCount = 2 });

        var line = Assert.Single(logs.Entries, e => e.Level == LogLevel.Debug && e.Message.StartsWith("Rendered prompt", StringComparison.Ordinal));
        Assert.Equal($"Rendered prompt ({Fed(engine).Length} chars)", line.Message);
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains("Hi there", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_or_broken_template_file_stops_the_start()
    {
        var missing = Assert.Throws<SettingsException>(() =>
            NodeApplication.Build(["--model", ModelFile, "--chat-template", Path.Combine(_dir, "nope.jinja")], null, new Dictionary<string, string?>()));
        Assert.Contains("SYNAPSE_CHAT_TEMPLATE", missing.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);

        var broken = TemplateFile("ok\n{% for x in y %}\nno end");
        var error = Assert.Throws<SettingsException>(() =>
            NodeApplication.Build(["--model", ModelFile], null, new Dictionary<string, string?> { ["SYNAPSE_CHAT_TEMPLATE"] = broken }));
        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("'endfor'", error.Message, StringComparison.Ordinal);
    }
}
