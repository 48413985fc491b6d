using System.Text.Json.Nodes;
using Synapse.Models.Conversion.Tokenizers;
using Synapse.Models.Gguf;
using Synapse.Testing;

namespace Synapse.Models.Tests.Conversion.Tokenizers;

/// <summary>Where chat templates come from, how named ones are written, and llama.cpp's per-architecture additions.</summary>
public sealed class ChatTemplateAndArchitectureRuleTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("synapse-tokchat-").FullName;

    [Fact]
    public void Chat_template_jinja_is_used_when_tokenizer_config_has_none_and_additional_templates_are_named()
    {
        WriteMinimalBpe(new JsonObject { ["eos_token"] = "<|endoftext|>" });
        File.WriteAllText(Path.Combine(_folder, "chat_template.jinja"), "{{ messages[0]['content'] }}");
        Directory.CreateDirectory(Path.Combine(_folder, "additional_chat_templates"));
        File.WriteAllText(Path.Combine(_folder, "additional_chat_templates", "tool-use.jinja"), "TOOLS");

        var tokenizer = HfTokenizerImporter.Import(_folder, null);
        var metadata = new GgufMetadata();
        tokenizer.WriteTo(metadata);

        Assert.Equal("{{ messages[0]['content'] }}", metadata.GetString("tokenizer.chat_template"));
        Assert.Equal("TOOLS", metadata.GetString("tokenizer.chat_template.tool_use"));
        Assert.Equal(["tool_use"], metadata.GetArray("tokenizer.chat_templates").AsStrings());
        Assert.Equal(3u, metadata["tokenizer.ggml.eos_token_id"].Value);
    }

    [Fact]
    public void A_list_of_named_templates_in_tokenizer_config_wins_over_chat_template_jinja()
    {
        WriteMinimalBpe(new JsonObject
        {
            ["chat_template"] = new JsonArray(
                new JsonObject { ["name"] = "default", ["template"] = "DEFAULT" },
                new JsonObject { ["name"] = "rag", ["template"] = "RAG" }),
        });
        File.WriteAllText(Path.Combine(_folder, "chat_template.jinja"), "IGNORED");

        var tokenizer = HfTokenizerImporter.Import(_folder, null);

        Assert.Equal("DEFAULT", tokenizer.ChatTemplate);
        Assert.Equal("RAG", tokenizer.NamedChatTemplates["rag"]);
    }

    [Fact]
    public void Special_ids_come_from_tokenizer_json_added_tokens_then_config_json_and_add_flags_from_tokenizer_config()
    {
        // tokenizer_config.json names BOS only, so EOS comes from config.json; a list-valued pad id is ignored.
        WriteMinimalBpe(new JsonObject { ["bos_token"] = new JsonObject { ["content"] = "<|endoftext|>" }, ["add_bos_token"] = true, ["add_eos_token"] = false });
        File.WriteAllText(Path.Combine(_folder, "config.json"), """{"eos_token_id": 2, "pad_token_id": [1, 2], "vocab_size": 6}""");

        var tokenizer = HfTokenizerImporter.Import(_folder, null);

        Assert.Equal(3, tokenizer.BosTokenId);
        Assert.Equal(2, tokenizer.EosTokenId);
        Assert.Null(tokenizer.PadTokenId);
        Assert.True(tokenizer.AddBos);
        Assert.False(tokenizer.AddEos);
        Assert.Equal(6, tokenizer.Tokens.Count);
    }

    [Fact]
    public void Gemma_gets_codegemma_end_of_turn_and_no_space_prefix_gemma2_only_the_latter()
    {
        var gemma = HfTokenizerImporter.Import(Fixtures.Require("models/tiny-gemma"), null);
        var gemma2 = HfTokenizerImporter.Import(Fixtures.Require("models/tiny-gemma2"), null);

        Assert.Equal(107, gemma.EotTokenId);
        Assert.False(gemma.AddSpacePrefix);
        Assert.Null(gemma2.EotTokenId);
        Assert.False(gemma2.AddSpacePrefix);

        // tokenizer.model marks <start_of_turn>/<end_of_turn> user-defined; tokenizer_config.json's
        // added_tokens_decoder (special: false) makes them USER_DEFINED with score -1000, as llama.cpp writes them.
        Assert.Equal(LlamaTokenType.UserDefined, gemma2.TokenTypes[5]);
        Assert.Equal(-1000f, gemma2.Scores![5]);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private void WriteMinimalBpe(JsonObject tokenizerConfig)
    {
        var json = new JsonObject
        {
            ["added_tokens"] = new JsonArray(new JsonObject { ["id"] = 3, ["content"] = "<|endoftext|>", ["special"] = true, ["normalized"] = false }),
            ["pre_tokenizer"] = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["use_regex"] = true },
            ["model"] = new JsonObject
            {
                ["type"] = "BPE",
                ["vocab"] = new JsonObject { ["a"] = 0, ["b"] = 1, ["ab"] = 2, ["<|endoftext|>"] = 3 },
                ["merges"] = new JsonArray("a b"),
            },
        };
        File.WriteAllText(Path.Combine(_folder, "tokenizer.json"), json.ToJsonString());
        File.WriteAllText(Path.Combine(_folder, "tokenizer_config.json"), tokenizerConfig.ToJsonString());
    }
}
