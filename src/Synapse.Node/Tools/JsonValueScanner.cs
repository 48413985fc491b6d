namespace Synapse.Node.Tools;

/// <summary>Finds where one JSON value ends in text that may still be growing, without parsing it.</summary>
public static class JsonValueScanner
{
    /// <summary>
    /// Index just past the JSON value starting at <paramref name="start"/> (after whitespace), or -1 when the text
    /// ends before the value does. Only objects, arrays and strings are tracked; a scalar ends at a delimiter.
    /// </summary>
    public static int FindEnd(string text, int start)
    {
        var i = SkipWhitespace(text, start);
        if (i >= text.Length)
        {
            return -1;
        }

        var depth = 0;
        var inString = false;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                    if (depth == 0)
                    {
                        return i + 1;
                    }
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    inString = true;
                    break;
                case '{' or '[':
                    depth++;
                    break;
                case '}' or ']':
                    depth--;
                    if (depth <= 0)
                    {
                        return i + 1;
                    }

                    break;
                default:
                    if (depth == 0 && (char.IsWhiteSpace(c) || c is ',' or ';'))
                    {
                        return i;
                    }

                    break;
            }
        }

        return -1;
    }

    public static int SkipWhitespace(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i;
    }
}
