using Synapse.Models.Conversion;

namespace Synapse.Models.Tests.Conversion;

public sealed class ModelQuantizationsTests
{
    [Theory]
    [InlineData("Q8_0", ModelQuantization.Q8_0)]
    [InlineData("q4_k_m", ModelQuantization.Q4_K_M)]
    [InlineData(" bf16 ", ModelQuantization.BF16)]
    [InlineData("f32", ModelQuantization.F32)]
    [InlineData("Q5_K_M", ModelQuantization.Q5_K_M)]
    [InlineData("q6_k", ModelQuantization.Q6_K)]
    public void Parses_names_case_insensitively(string text, ModelQuantization expected) =>
        Assert.Equal(expected, ModelQuantizations.Parse(text));

    [Theory]
    [InlineData("Q3_K")]
    [InlineData("")]
    [InlineData("8")]
    [InlineData("Q4_K")]
    public void An_unknown_name_lists_the_valid_ones(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => ModelQuantizations.Parse(text));
        Assert.Contains("F32, F16, BF16, Q8_0, Q6_K, Q5_K_M, Q4_K_M", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_k_and_8_bit_types_need_llama_cpps_quantizer()
    {
        Assert.Equal(
            [ModelQuantization.Q8_0, ModelQuantization.Q6_K, ModelQuantization.Q5_K_M, ModelQuantization.Q4_K_M],
            ModelQuantizations.All.Where(q => q.NeedsQuantizer()));
    }
}
