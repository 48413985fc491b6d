namespace Synapse.Models.Conversion;

/// <summary>The model name recorded as <c>general.name</c>.</summary>
internal static class ModelNames
{
    /// <summary>
    /// The repository name for a huggingface_hub snapshot (<c>models--org--name/snapshots/commit</c> gives "name"),
    /// otherwise the directory's own name.
    /// </summary>
    public static string FromDirectory(string directory)
    {
        var full = new DirectoryInfo(Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar));
        if (full.Parent is { Name: "snapshots" } snapshots && snapshots.Parent is { } repo
            && repo.Name.StartsWith("models--", StringComparison.Ordinal))
        {
            var parts = repo.Name.Split("--");
            return parts[^1];
        }

        return full.Name;
    }
}
