using System.Text.Json;

namespace Synapse.Models.Conversion.Tokenizers;

/// <summary>
/// A port of gguf-py's <c>SpecialVocab</c> loading (tokenizer.json + tokenizer_config.json, then config.json).
/// Differences: the TemplateProcessing pair/separator analysis (add_sep, used only for reranking pairs) and the
/// rare EOT/EOM re-labelling of a trailing special token are not ported.
/// </summary>
internal static class SpecialTokenReader
{
    public static readonly string[] DefaultTypes = ["bos", "eos", "unk", "sep", "pad", "cls", "mask"];

    public static SpecialTokenSettings Read(HfModelDirectory directory, int? vocabularySize)
    {
        var settings = new SpecialTokenSettings();
        LoadFromTokenizerFiles(directory, settings, vocabularySize);
        LoadFromConfig(directory, settings, vocabularySize);
        return settings;
    }

    private static void LoadFromTokenizerFiles(HfModelDirectory directory, SpecialTokenSettings settings, int? vocabularySize)
    {
        var tokenizer = directory.TokenizerJsonRoot;
        var config = directory.TokenizerConfig;
        var addedTokens = AddedTokens.FromTokenizerJson(directory).ToList();
        var contents = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["bos"] = config?.TokenContent("bos_token"),
            ["cls"] = config?.TokenContent("cls_token"),
            ["eos"] = config?.TokenContent("eos_token"),
            ["sep"] = config?.TokenContent("sep_token"),
        };
        if (string.IsNullOrEmpty(contents["bos"]) && !string.IsNullOrEmpty(contents["cls"]) && config is not null)
        {
            contents["bos"] = contents["cls"];
        }

        if (string.IsNullOrEmpty(contents["eos"]) && !string.IsNullOrEmpty(contents["sep"]) && config is not null)
        {
            contents["eos"] = contents["sep"];
        }

        if (tokenizer?.Property("post_processor") is { ValueKind: JsonValueKind.Object } postProcessor)
        {
            ReadPostProcessor(postProcessor, config is not null, contents, settings);
        }

        if (config is not { } tokenizerConfig)
        {
            return;
        }

        ReadChatTemplates(directory, tokenizerConfig, settings);
        foreach (var type in DefaultTypes)
        {
            if (tokenizerConfig.Bool($"add_{type}_token") is { } add && type is "bos" or "eos" or "sep")
            {
                settings.Add[type] = add;
            }

            var content = type switch
            {
                "bos" or "eos" or "cls" or "sep" => contents[type] ?? tokenizerConfig.TokenContent($"{type}_token"),
                _ => tokenizerConfig.TokenContent($"{type}_token"),
            };
            if (content is null)
            {
                continue;
            }

            // gguf-py looks the content up in tokenizer.json's added tokens only (the first match).
            var match = addedTokens.FirstOrDefault(t => t.Content == content);
            settings.SetId(type, match?.Id, vocabularySize);
        }
    }

    private static void ReadPostProcessor(JsonElement postProcessor, bool hasTokenizerConfig, Dictionary<string, string?> contents, SpecialTokenSettings settings)
    {
        var processors = postProcessor.Property("processors") is { ValueKind: JsonValueKind.Array } list
            ? list.EnumerateArray().ToList()
            : [postProcessor];
        foreach (var processor in processors)
        {
            var type = processor.String("type");
            if (type == "RobertaProcessing")
            {
                settings.Add["bos"] = true;
                settings.Add["eos"] = true;
                continue;
            }

            if (type != "TemplateProcessing" || processor.Property("single") is not { ValueKind: JsonValueKind.Array } single)
            {
                continue;
            }

            var items = single.EnumerateArray().ToList();
            if (items.Count <= 1)
            {
                continue;
            }

            if (items[0].Property("SpecialToken")?.String("id") is { Length: > 0 } first)
            {
                if (!hasTokenizerConfig)
                {
                    contents["bos"] = first;
                }

                settings.Add["bos"] = first == contents["bos"] || first == contents["cls"];
            }

            if (items[^1].Property("SpecialToken")?.String("id") is { Length: > 0 } last)
            {
                if (!hasTokenizerConfig)
                {
                    contents["eos"] = last;
                }

                settings.Add["eos"] = last == contents["eos"];
            }
        }
    }

    private static void ReadChatTemplates(HfModelDirectory directory, JsonElement tokenizerConfig, SpecialTokenSettings settings)
    {
        // tokenizer_config.json's chat_template wins; chat_template.jinja (+ additional_chat_templates/*.jinja)
        // or chat_template.json are the alternatives newer transformers versions write.
        if (tokenizerConfig.Property("chat_template") is { } inline)
        {
            ApplyTemplateValue(inline, settings);
            return;
        }

        if (directory.HasFile("chat_template.jinja"))
        {
            var template = File.ReadAllText(directory.FilePath("chat_template.jinja"));
            settings.ChatTemplate = template;
            var extra = directory.FilePath("additional_chat_templates");
            if (Directory.Exists(extra))
            {
                foreach (var file in Directory.GetFiles(extra, "*.jinja").Order(StringComparer.Ordinal))
                {
                    AddNamed(settings, Path.GetFileNameWithoutExtension(file), File.ReadAllText(file));
                }
            }

            return;
        }

        if (TokenizerJson.TryLoad(directory.Path, "chat_template.json") is { } json)
        {
            using (json)
            {
                if (json.RootElement.Property("chat_template") is { } value)
                {
                    ApplyTemplateValue(value, settings);
                }
            }
        }
    }

    private static void ApplyTemplateValue(JsonElement value, SpecialTokenSettings settings)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                settings.ChatTemplate = value.GetString();
                break;
            case JsonValueKind.Array:
                foreach (var choice in value.EnumerateArray())
                {
                    if (choice.String("name") is { } name && choice.String("template") is { } template)
                    {
                        AddNamed(settings, name, template);
                    }
                }

                break;
            default:
                // gguf-py warns and ignores a chat_template of any other type.
                break;
        }
    }

    private static void AddNamed(SpecialTokenSettings settings, string name, string template)
    {
        // gguf-py's add_chat_template keeps ASCII letters and digits of a name and turns the rest into '_'.
        var clean = new string(name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
        if (clean.Length == 0)
        {
            return;
        }

        if (clean == "default")
        {
            settings.ChatTemplate = template;
        }
        else
        {
            settings.NamedChatTemplates[clean] = template;
        }
    }

    private static void LoadFromConfig(HfModelDirectory directory, SpecialTokenSettings settings, int? vocabularySize)
    {
        if (directory.Config is not { } config)
        {
            return;
        }

        foreach (var type in DefaultTypes)
        {
            var id = config.Int($"{type}_token_id") ?? directory.TextConfig?.Int($"{type}_token_id");
            settings.SetId(type, id, vocabularySize);
        }
    }
}
