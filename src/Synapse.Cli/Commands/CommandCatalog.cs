namespace Synapse.Cli.Commands;

/// <summary>Every subcommand of <c>synapse</c>, in the order <c>synapse --help</c> lists them.</summary>
public static class CommandCatalog
{
    public static IReadOnlyList<ICommand> All() =>
    [
        new UpCommand(),
        new NodeCommand(),
        new BalancerCommand(),
        new PullCommand(),
        new ModelsCommand(),
        new RmCommand(),
        new StatusCommand(),
        new BenchCommand(),
        new GenModelCommand(),
        new ConvertCommand(),
        new GenHfModelCommand(),
        new TemplateCommand(),
    ];
}
