using Synapse.Models.Conversion.Tokenizers;
using Synapse.Testing;

namespace Synapse.Models.Tests.Conversion.Tokenizers;

/// <summary>A repository with only vocab.json + merges.txt gives the same vocabulary as its tokenizer.json.</summary>
public sealed class SlowTokenizerFilesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("synapse-tokslow-").FullName;

    [Theory]
    [InlineData("tiny-qwen2", "qwen2")]
    [InlineData("tiny-gpt2", "gpt-2")]
    public void Vocab_json_and_merges_txt_match_tokenizer_json(string folder, string pre)
    {
        var source = Fixtures.Require($"models/{folder}");
        foreach (var file in Directory.GetFiles(source).Where(f => Path.GetFileName(f) != "tokenizer.json" && !f.EndsWith(".safetensors", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(_folder, Path.GetFileName(file)));
        }

        var fromJson = HfTokenizerImporter.Import(source, configVocabSize: null);
        var fromSlowFiles = HfTokenizerImporter.Import(_folder, configVocabSize: null);

        Assert.Equal(pre, fromSlowFiles.Pre);
        Assert.Equal(fromJson.Pre, fromSlowFiles.Pre);
        Assert.Equal(fromJson.Tokens, fromSlowFiles.Tokens);
        Assert.Equal(fromJson.TokenTypes, fromSlowFiles.TokenTypes);
        Assert.Equal(fromJson.Merges, fromSlowFiles.Merges);
        Assert.Equal(fromJson.EosTokenId, fromSlowFiles.EosTokenId);
        Assert.Equal(fromJson.ChatTemplate, fromSlowFiles.ChatTemplate);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
