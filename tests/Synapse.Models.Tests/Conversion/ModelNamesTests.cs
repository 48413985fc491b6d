using Synapse.Models.Conversion;

namespace Synapse.Models.Tests.Conversion;

public sealed class ModelNamesTests
{
    [Theory]
    [InlineData("/cache/hub/models--google--gemma-2-2b-it/snapshots/0123abcd", "gemma-2-2b-it")]
    [InlineData("/cache/hub/models--gpt2/snapshots/0123abcd/", "gpt2")]
    [InlineData("/models/my-llama", "my-llama")]
    [InlineData("/models/snapshots/abc", "abc")]
    public void Names_a_model_after_its_repository_or_folder(string directory, string expected) =>
        Assert.Equal(expected, ModelNames.FromDirectory(directory));

    [Theory]
    [InlineData("Phi-3-mini-4k-instruct", new[] { "<unk>", "<s>", "</s>", "<|endoftext|>" }, "Phi-3-mini-4k-instruct")]
    [InlineData("tiny-phi3", new[] { "<|endoftext|>", "<|end|>" }, "tiny-phi_3")]
    [InlineData("Phi-3-custom", new[] { "<s>" }, "Phi_3-custom")]
    [InlineData("qwen2", new[] { "a" }, "qwen2")]
    public void Keeps_llama_cpp_from_looking_up_phi3_tokens_the_vocabulary_lacks(string name, string[] tokens, string expected) =>
        Assert.Equal(expected, ModelNames.ForLlamaCpp(name, tokens));
}
