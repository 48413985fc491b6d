using Synapse.Cli.CommandLine;
using Synapse.Models.Hub;

namespace Synapse.Cli.Commands;

/// <summary><c>synapse rm MODEL</c>: removes a repository from the Hugging Face cache, with every GGUF file converted from it.</summary>
public sealed class RmCommand : ICommand
{
    private const string Usage = "synapse rm MODEL";

    private const string Description =
        "Removes MODEL (org/name; any @revision or :TAG is ignored: the whole repository goes) from the Hugging Face\n" +
        "cache, its lock files, and the GGUF files Synapse converted from it.";

    public string Name => "rm";

    public string Summary => "Remove a cached model and its converted files.";

    public Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context)
    {
        ModelReference reference;
        try
        {
            var parsed = ArgumentParser.Parse(args, [], maxPositionals: 1);
            if (parsed.HelpRequested)
            {
                HelpWriter.Write(context.Out, Usage, Description, []);
                return Task.FromResult(ExitCodes.Ok);
            }

            if (parsed.Positionals.Count != 1)
            {
                throw new UsageException("give the model to remove");
            }

            reference = ModelReference.Parse(parsed.Positionals[0]);
            if (reference.Kind != ModelReferenceKind.HubRepository)
            {
                throw new UsageException($"'{reference.Text}' is a local path; `synapse rm` removes cached Hugging Face repositories");
            }
        }
        catch (Exception ex) when (ex is UsageException or FormatException)
        {
            context.Error.WriteLine($"error: {ex.Message}");
            return Task.FromResult(ExitCodes.Usage);
        }

        var environment = HubEnvironment.FromVariables(context.Variables);
        try
        {
            if (new CacheInventory(environment).Remove(reference.RepoId!) is not { } freed)
            {
                context.Error.WriteLine($"error: {reference.RepoId} is not in the cache ({environment.HubCache})");
                return Task.FromResult(ExitCodes.Failure);
            }

            context.Out.WriteLine($"removed {reference.RepoId} ({ModelsCommand.Size(freed)} freed)");
            return Task.FromResult(ExitCodes.Ok);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            context.Error.WriteLine($"error: cannot remove {reference.RepoId}: {ex.Message}");
            return Task.FromResult(ExitCodes.Failure);
        }
    }
}
