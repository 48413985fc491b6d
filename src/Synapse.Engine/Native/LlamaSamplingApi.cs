using System.Runtime.InteropServices;
using System.Text;

namespace Synapse.Engine.Native;

/// <summary>
/// The llama.cpp sampling functions LLamaSharp 0.30 does not bind safely: its grammar helper adds whatever
/// <c>llama_sampler_init_grammar</c> returns to a chain, and a rejected grammar returns NULL. Bound here as function
/// pointers into the library LLamaSharp already loaded (the same handle, so the same llama.cpp build).
/// </summary>
internal static unsafe class LlamaSamplingApi
{
    private static readonly Lock InitLock = new();
    private static Functions? _functions;

    public static IntPtr ModelVocab(IntPtr model) => Api.ModelGetVocab(model);

    /// <summary>A grammar sampler, or <see cref="IntPtr.Zero"/> when llama.cpp rejects the grammar.</summary>
    public static IntPtr InitGrammar(IntPtr vocab, string grammar, string root)
    {
        var grammarBytes = NullTerminated(grammar);
        var rootBytes = NullTerminated(root);
        fixed (byte* g = grammarBytes)
        fixed (byte* r = rootBytes)
        {
            return Api.InitGrammar(vocab, g, r);
        }
    }

    public static IntPtr Clone(IntPtr sampler) => Api.Clone(sampler);

    public static void Free(IntPtr sampler) => Api.Free(sampler);

    public static void Apply(IntPtr sampler, TokenDataArray* candidates) => Api.Apply(sampler, candidates);

    public static void Accept(IntPtr sampler, int token) => Api.Accept(sampler, token);

    public static float* Logits(IntPtr context, int index) => Api.LogitsIth(context, index);

    private static Functions Api => _functions ?? Load();

    private static byte[] NullTerminated(string text)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }

    private static Functions Load()
    {
        lock (InitLock)
        {
            if (_functions is { } loaded)
            {
                return loaded;
            }

            var path = NativeRuntime.LibraryPath ?? throw new InvalidOperationException("llama.cpp's library was not found among the loaded modules.");
            var library = NativeLibrary.Load(path);
            var functions = new Functions
            {
                ModelGetVocab = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr>)NativeLibrary.GetExport(library, "llama_model_get_vocab"),
                InitGrammar = (delegate* unmanaged[Cdecl]<IntPtr, byte*, byte*, IntPtr>)NativeLibrary.GetExport(library, "llama_sampler_init_grammar"),
                Clone = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr>)NativeLibrary.GetExport(library, "llama_sampler_clone"),
                Free = (delegate* unmanaged[Cdecl]<IntPtr, void>)NativeLibrary.GetExport(library, "llama_sampler_free"),
                Apply = (delegate* unmanaged[Cdecl]<IntPtr, TokenDataArray*, void>)NativeLibrary.GetExport(library, "llama_sampler_apply"),
                Accept = (delegate* unmanaged[Cdecl]<IntPtr, int, void>)NativeLibrary.GetExport(library, "llama_sampler_accept"),
                LogitsIth = (delegate* unmanaged[Cdecl]<IntPtr, int, float*>)NativeLibrary.GetExport(library, "llama_get_logits_ith"),
            };
            _functions = functions;
            return functions;
        }
    }

    /// <summary><c>llama_token_data</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct TokenData
    {
        public int Id;
        public float Logit;
        public float P;
    }

    /// <summary><c>llama_token_data_array</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct TokenDataArray
    {
        public TokenData* Data;
        public nuint Size;
        public long Selected;
        public bool Sorted;
    }

    private sealed class Functions
    {
        public required delegate* unmanaged[Cdecl]<IntPtr, IntPtr> ModelGetVocab { get; init; }
        public required delegate* unmanaged[Cdecl]<IntPtr, byte*, byte*, IntPtr> InitGrammar { get; init; }
        public required delegate* unmanaged[Cdecl]<IntPtr, IntPtr> Clone { get; init; }
        public required delegate* unmanaged[Cdecl]<IntPtr, void> Free { get; init; }
        public required delegate* unmanaged[Cdecl]<IntPtr, TokenDataArray*, void> Apply { get; init; }
        public required delegate* unmanaged[Cdecl]<IntPtr, int, void> Accept { get; init; }
        public required delegate* unmanaged[Cdecl]<IntPtr, int, float*> LogitsIth { get; init; }
    }
}
