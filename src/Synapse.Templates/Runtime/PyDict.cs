namespace Synapse.Templates.Runtime;

/// <summary>A Python dict: keys compare as Python's do and iteration follows insertion order.</summary>
internal sealed class PyDict : OrderedDictionary<object, object?>
{
    public PyDict() : base(PyKeyComparer.Instance)
    {
    }

    public PyDict(int capacity) : base(capacity, PyKeyComparer.Instance)
    {
    }
}
