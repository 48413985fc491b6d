namespace Synapse.Models.Safetensors;

/// <summary>The element types a safetensors header can name (the spellings of the format's "dtype" field).</summary>
public enum SafetensorsDType
{
    F64,
    F32,
    F16,
    BF16,
    I64,
    I32,
    I16,
    I8,
    U64,
    U32,
    U16,
    U8,
    BOOL,
    F8_E4M3,
    F8_E5M2,
}
