using System.IO.MemoryMappedFiles;

namespace Synapse.Models.Safetensors;

/// <summary>
/// A read-only mapping of a byte range of a safetensors file. Disposing it unmaps the range, so the pages stop
/// counting towards the process's resident memory: map one tensor (or part of one) at a time.
/// </summary>
public sealed unsafe class SafetensorsView : IDisposable
{
    private readonly MemoryMappedViewAccessor _accessor;
    private readonly byte* _pointer;
    private bool _disposed;

    internal SafetensorsView(MemoryMappedFile file, long offset, int length)
    {
        Length = length;
        if (length == 0)
        {
            _accessor = null!;
            return;
        }

        _accessor = file.CreateViewAccessor(offset, length, MemoryMappedFileAccess.Read);
        byte* basePointer = null;
        _accessor.SafeMemoryMappedViewHandle.AcquirePointer(ref basePointer);
        _pointer = basePointer + _accessor.PointerOffset;
    }

    public int Length { get; }

    public ReadOnlySpan<byte> Span
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return Length == 0 ? [] : new ReadOnlySpan<byte>(_pointer, Length);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_accessor is not null)
        {
            _accessor.SafeMemoryMappedViewHandle.ReleasePointer();
            _accessor.Dispose();
        }
    }
}
