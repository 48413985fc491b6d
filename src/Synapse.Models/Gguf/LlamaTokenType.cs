namespace Synapse.Models.Gguf;

/// <summary>llama.cpp's token attribute types as stored in <c>tokenizer.ggml.token_type</c>.</summary>
public enum LlamaTokenType
{
    Undefined = 0,
    Normal = 1,
    Unknown = 2,
    Control = 3,
    UserDefined = 4,
    Unused = 5,
    Byte = 6,
}
