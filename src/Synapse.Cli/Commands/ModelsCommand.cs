using System.Globalization;
using Synapse.Cli.CommandLine;
using Synapse.Models.Hub;

namespace Synapse.Cli.Commands;

/// <summary><c>synapse models</c>: the repositories in the Hugging Face cache, their revisions and converted GGUF files, with sizes.</summary>
public sealed class ModelsCommand : ICommand
{
    private const string Usage = "synapse models";

    private const string Description =
        "Lists the models in the Hugging Face cache (HF_HOME/hub, shared with Python tools) with the revisions fetched,\n" +
        "the size of their files, and the GGUF files Synapse converted from them (HF_HOME/synapse/gguf).";

    public string Name => "models";

    public string Summary => "List cached models, their revisions and converted files, with sizes.";

    public Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context)
    {
        try
        {
            if (ArgumentParser.Parse(args, []).HelpRequested)
            {
                HelpWriter.Write(context.Out, Usage, Description, []);
                return Task.FromResult(ExitCodes.Ok);
            }
        }
        catch (UsageException ex)
        {
            context.Error.WriteLine($"error: {ex.Message}");
            return Task.FromResult(ExitCodes.Usage);
        }

        var environment = HubEnvironment.FromVariables(context.Variables);
        var repositories = new CacheInventory(environment).List();
        if (repositories.Count == 0)
        {
            context.Out.WriteLine($"No models cached in {environment.HubCache}.");
            return Task.FromResult(ExitCodes.Ok);
        }

        context.Out.WriteLine($"Hub cache: {environment.HubCache}");
        foreach (var repo in repositories)
        {
            var revisions = repo.Refs.Count == 0 ? "" : "  " + string.Join(", ", repo.Refs.Select(r => $"{r.Key} → {Short(r.Value)}"));
            context.Out.WriteLine($"{repo.RepoId}  {Size(repo.HubBytes)}{revisions}");
            foreach (var converted in repo.Converted)
            {
                context.Out.WriteLine($"  {Path.GetFileName(converted.Path)}  {Size(converted.Bytes)}  commit {Short(converted.Commit)}  {converted.Path}");
            }
        }

        return Task.FromResult(ExitCodes.Ok);
    }

    private static string Short(string commit) => commit[..Math.Min(12, commit.Length)];

    internal static string Size(long bytes) => bytes >= 1L << 30
        ? (bytes / (double)(1L << 30)).ToString("F2", CultureInfo.InvariantCulture) + " GiB"
        : (bytes / (double)(1L << 20)).ToString("F1", CultureInfo.InvariantCulture) + " MiB";
}
