namespace Synapse.Models.Conversion.Tensors;

/// <summary>Where an output tensor's values come from and what is done to them on the way.</summary>
internal abstract record TensorSource
{
    /// <summary>Source bytes this tensor reads (for progress).</summary>
    public abstract long SourceBytes { get; }
}
