using System.Runtime.InteropServices;
using LLama.Native;
using Synapse.Models.Gguf;

namespace Synapse.Models.Quantization;

/// <summary>
/// ggml's own row quantizer (<c>ggml_quantize_chunk</c>), the kernel llama.cpp's quantizer calls, taken from the very
/// libggml-base LLamaSharp loaded so the bytes match what <see cref="ModelQuantizer"/> would write.
/// </summary>
internal static unsafe class GgmlQuantization
{
    private const string LibraryName = "libggml-base.so";

    private static readonly Lazy<IntPtr> QuantizeChunkExport = new(ResolveQuantizeChunk, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// Quantizes <paramref name="rows"/> rows of <paramref name="rowLength"/> floats from <paramref name="source"/> into
    /// <paramref name="destination"/> and returns the bytes written.
    /// </summary>
    public static int QuantizeRows(GgmlType type, ReadOnlySpan<float> source, Span<byte> destination, long rows, long rowLength)
    {
        if (rowLength % type.BlockSize() != 0)
        {
            throw new ArgumentException($"Rows of {rowLength} values cannot be quantized to {type} (blocks of {type.BlockSize()}).", nameof(rowLength));
        }

        var expected = checked(rows * (rowLength / type.BlockSize()) * type.TypeSize());
        if (source.Length < rows * rowLength || destination.Length < expected)
        {
            throw new ArgumentException("The buffers are smaller than the rows to quantize.");
        }

        var function = (delegate* unmanaged[Cdecl]<uint, float*, void*, long, long, long, float*, nuint>)QuantizeChunkExport.Value;
        nuint written;
        fixed (float* src = source)
        fixed (byte* dst = destination)
        {
            written = function((uint)type, src, dst, 0, rows, rowLength, null);
        }

        if ((long)written != expected)
        {
            throw new InvalidOperationException($"ggml_quantize_chunk wrote {written} bytes for {type}, expected {expected}.");
        }

        return (int)written;
    }

    private static IntPtr ResolveQuantizeChunk()
    {
        // Loads libllama (and with it libggml-base) from the runtimes/ folder LLamaSharp picks for this CPU.
        NativeApi.llama_empty_call();
        var handle = LoadedLibrary() is { } path ? NativeLibrary.Load(path) : LoadByName();
        return NativeLibrary.GetExport(handle, "ggml_quantize_chunk");
    }

    /// <summary>The path of the libggml-base already mapped into this process (Linux), so no second copy gets loaded.</summary>
    private static string? LoadedLibrary()
    {
        const string maps = "/proc/self/maps";
        if (!File.Exists(maps))
        {
            return null;
        }

        foreach (var line in File.ReadLines(maps))
        {
            var slash = line.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0 && line.EndsWith("/" + LibraryName, StringComparison.Ordinal))
            {
                return line[slash..];
            }
        }

        return null;
    }

    private static IntPtr LoadByName()
    {
        foreach (var name in new[] { LibraryName, "ggml-base", "libggml-base.dylib", "ggml-base.dll" })
        {
            if (NativeLibrary.TryLoad(name, typeof(GgmlQuantization).Assembly, null, out var handle))
            {
                return handle;
            }
        }

        throw new DllNotFoundException("ggml's base library (libggml-base), which LLamaSharp.Backend.Cpu ships, could not be loaded.");
    }
}
