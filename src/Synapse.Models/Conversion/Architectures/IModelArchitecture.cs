using Synapse.Models.Conversion.Tensors;
using Synapse.Models.Gguf;

namespace Synapse.Models.Conversion.Architectures;

/// <summary>
/// One model family's part of the conversion, as one class of convert_hf_to_gguf.py: the hyper-parameter keys it
/// writes and how its checkpoint tensors become llama.cpp tensors.
/// </summary>
internal interface IModelArchitecture
{
    /// <summary>llama.cpp's architecture name (<c>general.architecture</c>), e.g. "llama".</summary>
    string GgufName { get; }

    /// <summary>The Hugging Face <c>architectures</c> entries this class converts.</summary>
    IReadOnlyList<string> HfArchitectures { get; }

    /// <summary>The config as transformers would complete it with the family's defaults.</summary>
    HfModelConfig Complete(HfModelConfig config);

    /// <summary>Writes the <c>{arch}.*</c> hyper-parameter keys.</summary>
    void WriteHyperParameters(ConversionContext context, GgufMetadata metadata);

    /// <summary>Plans the output tensors; an unknown checkpoint tensor is an error, as in llama.cpp.</summary>
    IEnumerable<TensorPlan> PlanTensors(ConversionContext context);
}
