using Synapse.Hosting.Settings;

namespace Synapse.Hosting.Tests.Infrastructure;

/// <summary>A two-row settings table for hosts built in tests.</summary>
public sealed record TestSetting(string EnvironmentVariable, string? Flag, string Key, string Default, string Description)
    : Setting("Synapse", EnvironmentVariable, Flag, Key, Default, Description)
{
    public static readonly TestSetting Port = new("TEST_PORT", "--port", "Port", "0", "Port.");

    public static readonly TestSetting Name = new("TEST_NAME", "--name", "Name", "(none)", "Name.");

    public static IReadOnlyList<ISetting> All { get; } = [Port, Name];
}
