using Synapse.Models.Gguf;
using Synapse.TestModels;

namespace Synapse.Models.Tests.Gguf;

public sealed class GgufChatMetadataTests
{
    [Fact]
    public void Reads_the_template_and_the_bos_and_eos_token_texts()
    {
        var metadata = new GgufMetadata();
        metadata.Add("tokenizer.ggml.tokens", GgufValue.Of(new[] { "<unk>", "<s>", "</s>", "a" }));
        metadata.Add("tokenizer.ggml.bos_token_id", GgufValue.Of(1u));
        metadata.Add("tokenizer.ggml.eos_token_id", GgufValue.Of(2u));
        metadata.Add(GgufChatMetadata.ChatTemplateKey, GgufValue.Of(ChatTemplates.ChatML));

        Assert.Equal(new GgufChatMetadata(ChatTemplates.ChatML, "<s>", "</s>"), GgufChatMetadata.Read(metadata));
    }

    [Fact]
    public void A_model_without_template_or_bos_gives_nulls()
    {
        var metadata = new GgufMetadata();
        metadata.Add("tokenizer.ggml.tokens", GgufValue.Of(new[] { "a", "<|endoftext|>" }));
        metadata.Add("tokenizer.ggml.eos_token_id", GgufValue.Of(1u));
        metadata.Add("tokenizer.ggml.bos_token_id", GgufValue.Of(7u));

        Assert.Equal(new GgufChatMetadata(null, null, "<|endoftext|>"), GgufChatMetadata.Read(metadata));
    }
}
