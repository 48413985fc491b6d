namespace Synapse.Models.Conversion.Tensors;

/// <summary>
/// One tensor of the GGUF to write: its llama.cpp name, its shape outermost-first (PyTorch order; GGUF lists it
/// reversed) and where its values come from. Planned before any data is read, since the GGUF header comes first.
/// </summary>
internal sealed record TensorPlan(string Name, IReadOnlyList<long> Shape, TensorSource Source)
{
    public long ElementCount => Shape.Aggregate(1L, (a, d) => a * d);
}
