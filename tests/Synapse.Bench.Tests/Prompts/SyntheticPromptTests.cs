using Synapse.Bench.Prompts;

namespace Synapse.Bench.Tests.Prompts;

public sealed class SyntheticPromptTests
{
    [Fact]
    public void Has_the_asked_number_of_words_and_is_deterministic()
    {
        var text = new SyntheticPrompt().Build(50, 0);
        Assert.Equal(50, text.Split(' ').Length);
        Assert.Equal(text, new SyntheticPrompt().Build(50, 0));
        Assert.StartsWith(new SyntheticPrompt().Build(10, 0), text);
    }

    [Fact]
    public void Variants_reorder_the_same_words_and_keep_the_first()
    {
        var prompt = new SyntheticPrompt();
        var baseWords = prompt.Build(64, 0).Split(' ');
        var variants = Enumerable.Range(1, 5).Select(v => prompt.Build(64, v).Split(' ')).ToList();

        foreach (var words in variants)
        {
            Assert.Equal(baseWords[0], words[0]);
            Assert.Equal(baseWords.Order(), words.Order());
        }

        Assert.Equal(6, variants.Select(v => string.Join(' ', v)).Append(string.Join(' ', baseWords)).Distinct().Count());
    }
}
