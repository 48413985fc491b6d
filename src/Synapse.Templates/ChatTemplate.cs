namespace Synapse.Templates;

/// <summary>
/// A model's chat template rendered the way Hugging Face transformers' <c>apply_chat_template</c> does: variables
/// messages, tools, documents, add_generation_prompt, bos_token/eos_token (absent when the model has none) and
/// any extra context.
/// </summary>
public sealed class ChatTemplate(JinjaTemplate template)
{
    public JinjaTemplate Template { get; } = template;

    public static ChatTemplate Parse(string source, string? name = null) => new(JinjaTemplate.Parse(source, name));

    public string Render(ChatTemplateInput input, TimeProvider? clock = null) => Template.Render(Variables(input), clock);

    public static IReadOnlyDictionary<string, object?> Variables(ChatTemplateInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var variables = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["messages"] = input.Messages,
            ["tools"] = input.Tools,
            ["documents"] = input.Documents,
            ["add_generation_prompt"] = input.AddGenerationPrompt,
        };
        if (input.BosToken is not null)
        {
            variables["bos_token"] = input.BosToken;
        }

        if (input.EosToken is not null)
        {
            variables["eos_token"] = input.EosToken;
        }

        if (input.ExtraContext is not null)
        {
            foreach (var (key, value) in input.ExtraContext)
            {
                variables[key] = value;
            }
        }

        return variables;
    }
}
