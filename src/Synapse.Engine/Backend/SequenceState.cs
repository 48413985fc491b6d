using System.Runtime.InteropServices;

namespace Synapse.Engine.Backend;

/// <summary>
/// A sequence's saved llama.cpp state in native memory. It lives outside the GC heap so that a state the host tier
/// drops is returned to the system when it is disposed, not whenever a gen-2 collection finds the large-object-heap
/// array garbage (RSS grew past the tier's bound that way). A reader holds a reference
/// (<see cref="SafeHandle.DangerousAddRef"/>) while it reads, so a concurrent dispose frees only after it.
/// </summary>
internal sealed unsafe class SequenceState : SafeHandle
{
    public SequenceState(long length)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        Length = length;
        SetHandle((IntPtr)NativeMemory.Alloc((nuint)length));
    }

    /// <summary>Bytes held.</summary>
    public long Length { get; }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        NativeMemory.Free((void*)handle);
        return true;
    }
}
