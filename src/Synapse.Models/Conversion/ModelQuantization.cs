namespace Synapse.Models.Conversion;

/// <summary>The output types a Hugging Face model can be converted to.</summary>
public enum ModelQuantization
{
    F32,
    F16,
    BF16,
    Q8_0,
    Q6_K,
    Q5_K_M,
    Q4_K_M,
}
