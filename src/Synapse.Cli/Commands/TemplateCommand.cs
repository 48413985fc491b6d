using System.Globalization;
using System.Text.Json;
using Synapse.Cli.CommandLine;
using Synapse.Cli.Templates;
using Synapse.Node.Prompting;
using Synapse.OpenAI.Chat;
using Synapse.OpenAI.Serialization;
using Synapse.OpenAI.Validation;
using Synapse.Templates;
using Synapse.Templates.Cases;

namespace Synapse.Cli.Commands;

/// <summary>
/// <c>synapse template</c>: prints the prompt a model is given for a conversation (rendered exactly as the node
/// renders it), renders a whole cases file for comparison with Jinja2, or measures rendering speed.
/// </summary>
public sealed class TemplateCommand : ICommand
{
    private const string Usage =
        "synapse template MODEL_OR_FILE --messages FILE [--bos TEXT] [--eos TEXT] [--benchmark SECONDS]\n" +
        "       synapse template --cases FILE --templates DIR";

    private const string Description =
        "MODEL_OR_FILE is a .gguf (its tokenizer.chat_template), a Hugging Face model folder (tokenizer_config.json,\n" +
        "chat_template.json or chat_template.jinja) or a Jinja template file. --messages is a JSON array of chat\n" +
        "messages or a chat request body ({\"messages\", \"tools\", \"chat_template_kwargs\"}); the prompt printed is what\n" +
        "the node feeds the model (generation prompt added, system text folded when the template rejects it).\n" +
        "With --cases, every case of a file in the format of the fixtures' chat-templates/cases.json is rendered\n" +
        "with its template from --templates and printed as one JSON object per line: {\"id\",\"rendered\"} or {\"id\",\"error\"}.";

    private static readonly IReadOnlyList<CommandOption> Options =
    [
        new("--messages", "JSON file with the messages (or a chat request body).", "FILE"),
        new("--bos", "BOS token text (default: the model's; none for a template file).", "TEXT"),
        new("--eos", "EOS token text (default: the model's; none for a template file).", "TEXT"),
        new("--cases", "A cases file to render (format of chat-templates/cases.json).", "FILE"),
        new("--templates", "Folder of the template files the cases name.", "DIR"),
        new("--benchmark", "Render repeatedly for this many seconds and print renders per second.", "SECONDS"),
    ];

    public string Name => "template";

    public string Summary => "Print the prompt a chat template renders (or render a cases file, or time rendering).";

    public Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context)
    {
        try
        {
            var parsed = ArgumentParser.Parse(args, Options, maxPositionals: 1);
            if (parsed.HelpRequested)
            {
                HelpWriter.Write(context.Out, Usage, Description, Options);
                return Task.FromResult(ExitCodes.Ok);
            }

            if (parsed.GetString("--cases") is { } casesFile)
            {
                if (parsed.Positionals.Count > 0 || parsed.Has("--messages"))
                {
                    throw new UsageException("--cases renders its own templates: give no MODEL_OR_FILE and no --messages");
                }

                return Task.FromResult(RunCases(casesFile, parsed.GetRequiredString("--templates"), context));
            }

            if (parsed.Positionals.Count == 0)
            {
                throw new UsageException("missing MODEL_OR_FILE (or --cases FILE --templates DIR)");
            }

            var seconds = parsed.GetOptionalDouble("--benchmark", 0.1, 3600);
            return Task.FromResult(RenderOne(parsed.Positionals[0], parsed.GetRequiredString("--messages"),
                parsed.GetString("--bos"), parsed.GetString("--eos"), seconds, context));
        }
        catch (UsageException ex)
        {
            context.Error.WriteLine($"error: {ex.Message}");
            context.Error.WriteLine();
            HelpWriter.Write(context.Error, Usage, Description, Options);
            return Task.FromResult(ExitCodes.Usage);
        }
    }

    private static int RunCases(string casesFile, string templatesFolder, CommandContext context)
    {
        IReadOnlyList<TemplateCase> cases;
        try
        {
            cases = TemplateCase.ReadAll(File.ReadAllText(casesFile));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or FormatException)
        {
            context.Error.WriteLine($"error: cannot read cases from '{casesFile}': {e.Message}");
            return ExitCodes.Failure;
        }

        if (!Directory.Exists(templatesFolder))
        {
            context.Error.WriteLine($"error: '{templatesFolder}' is not a folder");
            return ExitCodes.Failure;
        }

        var failures = CaseRunner.Run(cases, templatesFolder, context.Out, context.CancellationToken);
        context.Error.WriteLine($"{cases.Count} cases, {cases.Count - failures} rendered, {failures} errors");
        return ExitCodes.Ok;
    }

    private static int RenderOne(string modelOrFile, string messagesFile, string? bos, string? eos, double? benchmarkSeconds, CommandContext context)
    {
        ResolvedChatTemplate template;
        ChatCompletionRequest request;
        try
        {
            var source = TemplateSource.Load(modelOrFile);
            if (source.Text is null)
            {
                context.Error.WriteLine($"warning: '{modelOrFile}' has no chat template; using the fallback layout the node uses");
            }

            template = source.Resolve(bos, eos);
            if (template.FoldsSystemIntoUser)
            {
                context.Error.WriteLine("note: the template rejects the system role; system messages are folded into the first user message");
            }

            request = ReadRequest(messagesFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidDataException)
        {
            context.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.Failure;
        }
        catch (TemplateSyntaxException e)
        {
            context.Error.WriteLine($"error: the chat template does not parse: {e.Message}");
            return ExitCodes.Failure;
        }
        catch (Synapse.OpenAI.Errors.ApiError e)
        {
            context.Error.WriteLine($"error: '{messagesFile}': {e.Message}");
            return ExitCodes.Failure;
        }

        try
        {
            if (benchmarkSeconds is { } seconds)
            {
                var result = RenderBenchmark.Run(template, request, TimeSpan.FromSeconds(seconds), context.CancellationToken);
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{result.RendersPerSecond:F0} renders/s ({result.MicrosecondsPerRender:F1} µs per render, {result.Renders} renders in {result.Elapsed.TotalSeconds:F1} s); {request.Messages!.Count} messages, prompt {result.PromptChars} chars"));
                return ExitCodes.Ok;
            }

            context.Out.Write(template.Render(request));
            return ExitCodes.Ok;
        }
        catch (TemplateRenderException e)
        {
            context.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.Failure;
        }
    }

    /// <summary>A JSON array of messages, or a chat request body; checked as the node checks a request.</summary>
    private static ChatCompletionRequest ReadRequest(string path)
    {
        var json = File.ReadAllText(path);
        using (var document = JsonDocument.Parse(json))
        {
            if (document.RootElement.ValueKind == JsonValueKind.Array)
            {
                json = "{\"messages\": " + json + "}";
            }
        }

        var parsed = OpenAIJson.Parse<ChatCompletionRequest>(json);
        if (!parsed.IsSuccess)
        {
            throw parsed.Error!;
        }

        var validator = new RequestValidator(new RequestLimits { RequireModel = false, SupportsTools = true });
        if (validator.Validate(parsed.Value) is { } error)
        {
            throw error;
        }

        return parsed.Value;
    }
}
