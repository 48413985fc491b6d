using System.Text.Json;
using Synapse.Models.Gguf;
using Synapse.Node.Prompting;

namespace Synapse.Cli.Templates;

/// <summary>
/// A chat template and its model's BOS/EOS texts, read from a GGUF (<c>tokenizer.chat_template</c>), a Hugging
/// Face model folder (chat_template.jinja, chat_template.json or tokenizer_config.json) or a template file.
/// </summary>
public sealed record TemplateSource(string? Text, string Name, string? BosToken, string? EosToken)
{
    public static TemplateSource Load(string path)
    {
        if (Directory.Exists(path))
        {
            return FromModelFolder(path);
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"'{path}' is neither a file nor a folder");
        }

        if (IsGguf(path))
        {
            var metadata = GgufChatMetadata.Read(path);
            return new TemplateSource(metadata.ChatTemplate, path, metadata.BosToken, metadata.EosToken);
        }

        return new TemplateSource(File.ReadAllText(path), path, null, null);
    }

    /// <summary>The template to render with: this one, or the node's fallback layout when there is none (as the node does).</summary>
    public ResolvedChatTemplate Resolve(string? bosOverride, string? eosOverride) =>
        ResolvedChatTemplate.Create(Text ?? FallbackChatTemplate.Source, Text is null ? "fallback" : Name,
            Text is null ? ChatTemplateOrigin.Fallback : ChatTemplateOrigin.File, bosOverride ?? BosToken, eosOverride ?? EosToken);

    private static bool IsGguf(string path)
    {
        Span<byte> magic = stackalloc byte[4];
        using var stream = File.OpenRead(path);
        return stream.Read(magic) == 4 && magic.SequenceEqual("GGUF"u8);
    }

    private static TemplateSource FromModelFolder(string folder)
    {
        var configPath = Path.Combine(folder, "tokenizer_config.json");
        using var config = File.Exists(configPath) ? JsonDocument.Parse(File.ReadAllText(configPath)) : null;
        var root = config?.RootElement;
        string? text = null;
        var jinjaPath = Path.Combine(folder, "chat_template.jinja");
        var jsonPath = Path.Combine(folder, "chat_template.json");
        if (File.Exists(jinjaPath))
        {
            text = File.ReadAllText(jinjaPath);
        }
        else if (File.Exists(jsonPath))
        {
            using var json = JsonDocument.Parse(File.ReadAllText(jsonPath));
            text = TemplateText(json.RootElement);
        }
        else if (root is { } r)
        {
            text = TemplateText(r);
        }
        else
        {
            throw new FileNotFoundException($"'{folder}' has no tokenizer_config.json, chat_template.json or chat_template.jinja");
        }

        return new TemplateSource(text, folder, root is { } a ? TokenText(a, "bos_token") : null, root is { } b ? TokenText(b, "eos_token") : null);
    }

    /// <summary><c>chat_template</c> is a string, or a list of named templates of which "default" is the chat one.</summary>
    private static string? TemplateText(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("chat_template", out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Array => value.EnumerateArray()
                .Where(t => t.ValueKind == JsonValueKind.Object && t.TryGetProperty("name", out var n) && n.GetString() == "default")
                .Select(t => t.TryGetProperty("template", out var tpl) ? tpl.GetString() : null)
                .FirstOrDefault(),
            _ => null,
        };
    }

    /// <summary>A special token is a string or an AddedToken object <c>{"content": ...}</c>.</summary>
    private static string? TokenText(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Object when value.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String => content.GetString(),
            _ => null,
        };
    }
}
