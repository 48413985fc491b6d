using System.Globalization;
using System.Text.RegularExpressions;

namespace Synapse.Models.Hub;

/// <summary>llama.cpp's split GGUF naming: <c>PREFIX-00001-of-00003.gguf</c> (its <c>llama_split_path</c>).</summary>
public static partial class GgufSplitName
{
    [GeneratedRegex(@"^(?<prefix>.+)-(?<index>\d{5})-of-(?<count>\d{5})\.gguf$", RegexOptions.IgnoreCase)]
    public static partial Regex Pattern();

    public static string PartName(string prefix, int index, int count) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}-{index:D5}-of-{count:D5}.gguf");
}
