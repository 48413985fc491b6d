namespace Synapse.Templates.Runtime;

/// <summary>Jinja's sandboxed getattr/getitem and Python slicing.</summary>
internal static class Members
{
    public static object? GetAttribute(object? target, string name)
    {
        target = PyObjects.Unwrap(target);
        switch (target)
        {
            case Undefined undefined:
                throw undefined.Fail();
            case PyDict dict:
                if (DictMethods.Get(dict, name) is { } dictMethod)
                {
                    return dictMethod;
                }

                return dict.TryGetValue(name, out var value) ? value : Undefined.Attribute(target, name);
            case string s:
                return (object?)StringMethods.Get(s, name) ?? Undefined.Attribute(target, name);
            case List<object?> list:
                return (object?)ListMethods.Get(list, name) ?? Undefined.Attribute(target, name);
            case Namespace ns:
                return ns.Attributes.TryGetValue(name, out var attribute) ? attribute : Undefined.Attribute(target, name);
            case LoopContext loop:
                return loop.GetAttribute(name);
            case Macro macro when name == "name":
                return macro.Name;
            default:
                return Undefined.Attribute(target, name);
        }
    }

    public static object? GetItem(object? target, object? key)
    {
        target = PyObjects.Unwrap(target);
        key = PyObjects.Unwrap(key);
        switch (target)
        {
            case Undefined undefined:
                throw undefined.Fail();
            case PyDict dict:
                if (key is not null && PyObjects.IsHashable(key) && key is not Undefined && dict.TryGetValue(key, out var value))
                {
                    return value;
                }

                break;
            case List<object?> or object?[] or string when key is long or bool:
                var sequence = target is string s ? PyString.Chars(s) : (IReadOnlyList<object?>)target;
                var index = PyObjects.ToLong(key);
                if (index < 0)
                {
                    index += sequence.Count;
                }

                return index >= 0 && index < sequence.Count ? sequence[(int)index] : Undefined.Attribute(target, PyObjects.Str(key));
        }

        return key is string name ? GetAttribute(target, name) : Undefined.Attribute(target, PyObjects.Str(key));
    }

    public static object? Slice(object? target, object? start, object? stop, object? step)
    {
        target = PyObjects.Unwrap(target);
        if (target is Undefined undefined)
        {
            throw undefined.Fail();
        }

        IReadOnlyList<object?> items = target switch
        {
            string s => PyString.Chars(s),
            List<object?> list => list,
            object?[] tuple => tuple,
            _ => throw JinjaRuntimeError.Type($"'{PyObjects.TypeName(target)}' object is not subscriptable"),
        };

        var stride = step is null or Undefined ? 1 : PyObjects.ToLong(step);
        if (stride == 0)
        {
            throw JinjaRuntimeError.Value("slice step cannot be zero");
        }

        var count = items.Count;
        long Bound(object? value, long fallback, long low, long high)
        {
            if (value is null or Undefined)
            {
                return fallback;
            }

            var v = PyObjects.ToLong(value);
            if (v < 0)
            {
                v += count;
            }

            return Math.Clamp(v, low, high);
        }

        var result = new List<object?>();
        if (stride > 0)
        {
            var from = Bound(start, 0, 0, count);
            var to = Bound(stop, count, 0, count);
            for (var i = from; i < to; i += stride)
            {
                result.Add(items[(int)i]);
            }
        }
        else
        {
            var from = Bound(start, count - 1, -1, count - 1);
            var to = Bound(stop, -1, -1, count - 1);
            for (var i = from; i > to; i += stride)
            {
                result.Add(items[(int)i]);
            }
        }

        return target switch
        {
            string => string.Concat(result.Select(r => (string)r!)),
            object?[] => result.ToArray(),
            _ => result,
        };
    }
}
