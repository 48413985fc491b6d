using System.Globalization;
using Microsoft.Extensions.Configuration;
using Synapse.Engine.Hosting;
using Synapse.Models.Hub;
using Synapse.Hosting.Settings;
using static Synapse.Hosting.Settings.SettingValues;

namespace Synapse.Node.Configuration;

/// <summary>
/// Reads every setting of <see cref="NodeSettings"/> at start and checks it, collecting all problems so a user
/// fixes them in one go. Each message names the setting as the user can set it. Defaults and ranges live on
/// <see cref="NodeOptions"/> and <see cref="EngineOptions"/>; the engine's ranges are checked by its
/// <see cref="EngineOptionsValidator"/>, the same one that validates the options when the host starts.
/// </summary>
public static class NodeConfigurationReader
{
    public static (NodeOptions Node, EngineOptions Engine) Read(IConfigurationRoot configuration)
    {
        var errors = new List<string>();
        var node = new NodeOptions();
        ConfigureNode(configuration, node, errors);
        errors.AddRange(NodeOptionsValidator.Errors(node));

        var engine = new EngineOptions();
        ConfigureEngine(configuration, node, engine, errors);
        // The model file is checked by MODEL_NAME's parse (a local GGUF) or found on the load path (download, conversion).
        errors.AddRange(EngineOptionsValidator.Errors(engine, checkModelPath: false));

        SettingsException.ThrowIfAny(errors);

        return (node, engine);
    }

    /// <summary>
    /// Sets the node's options from configuration: the node registers this as the options' one configure step, and
    /// <see cref="Read"/> uses it to check them at start. Problems are added to <paramref name="errors"/>.
    /// </summary>
    public static void ConfigureNode(IConfigurationRoot configuration, NodeOptions node, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(node);
        node.Engine = ReadEngine(configuration, errors);
        var modelName = Get(configuration, NodeSettings.ModelName);
        if (node.Engine == NodeEngineKind.Simulated)
        {
            // The simulated engine reads no file: MODEL_NAME is only the id it answers to.
            if (string.IsNullOrWhiteSpace(modelName))
            {
                errors.Add($"{NodeSettings.ModelName.DisplayName} is required: with {NodeSettings.Engine.EnvironmentVariable}=simulated it is the model id to serve.");
            }
        }
        else if (string.IsNullOrWhiteSpace(modelName))
        {
            modelName = NodeSettings.DefaultModel;
        }

        node.ModelName = modelName?.Trim() ?? "";
        if (node.Engine == NodeEngineKind.Llama)
        {
            try
            {
                node.Model = ModelReference.Parse(node.ModelName);
            }
            catch (FormatException e)
            {
                errors.Add($"{NodeSettings.ModelName.DisplayName}: {e.Message}");
            }
        }

        var quant = Get(configuration, NodeSettings.Quant);
        if (!string.IsNullOrWhiteSpace(quant))
        {
            if (ConversionTargets.TryParse(quant, out var quantization))
            {
                node.Quantization = quantization;
            }
            else
            {
                errors.Add($"{NodeSettings.Quant.DisplayName} must be one of {ConversionTargets.Names}, got '{quant}'.");
            }
        }

        node.ModelAliases = SplitList(Get(configuration, NodeSettings.ModelAliases));

        var keys = SplitList(Get(configuration, NodeSettings.ApiKeys)).ToList();
        var keyFile = Get(configuration, NodeSettings.ApiKeyFile);
        if (!string.IsNullOrWhiteSpace(keyFile))
        {
            if (!File.Exists(keyFile))
            {
                errors.Add($"{NodeSettings.ApiKeyFile.DisplayName}: the file '{keyFile}' does not exist.");
            }
            else
            {
                keys.AddRange(File.ReadAllLines(keyFile).Select(l => l.Trim()).Where(l => l.Length > 0 && l[0] != '#'));
            }
        }

        node.ApiKeys = keys.Distinct(StringComparer.Ordinal).ToArray();

        node.MaxBodyBytes = ReadLong(configuration, NodeSettings.MaxBodyBytes, node.MaxBodyBytes, min: NodeOptions.MinMaxBodyBytes, errors);
        node.ShutdownGrace = ReadInterval(configuration, NodeSettings.ShutdownGrace, node.ShutdownGrace, TimeSpan.Zero, errors);
        node.KeepAliveInterval = ReadInterval(configuration, NodeSettings.KeepAlive, node.KeepAliveInterval, NodeOptions.MinKeepAliveInterval, errors);

        node.SimulatedTokensPerSecond = ReadRate(configuration, NodeSettings.SimTokensPerSecond, node.SimulatedTokensPerSecond, errors);
        node.SimulatedLoadTime = ReadInterval(configuration, NodeSettings.SimLoadSeconds, node.SimulatedLoadTime, TimeSpan.Zero, errors);
        node.BalancerUrl = ReadHttpUrl(configuration, NodeSettings.BalancerUrl, errors);
        node.BalancerKey = Get(configuration, NodeSettings.BalancerKey) is { Length: > 0 } balancerKey ? balancerKey.Trim() : null;
        node.AdvertiseUrl = ReadHttpUrl(configuration, NodeSettings.AdvertiseUrl, errors);
        node.HeartbeatInterval = ReadInterval(configuration, NodeSettings.HeartbeatSeconds, node.HeartbeatInterval, NodeOptions.MinHeartbeatInterval, errors);

        node.TlsCertificate = Get(configuration, NodeSettings.TlsCertificate) is { Length: > 0 } certificate ? certificate.Trim() : null;
        node.TlsKey = Get(configuration, NodeSettings.TlsKey) is { Length: > 0 } tlsKey ? tlsKey.Trim() : null;
        node.BalancerCa = Get(configuration, NodeSettings.BalancerCa) is { Length: > 0 } balancerCa ? balancerCa.Trim() : null;
        node.Urls = ResolveUrls(configuration, node.TlsCertificate is null ? "http" : "https", errors);
        ReadChatTemplate(configuration, node, errors);
        node.Reasoning = ReadReasoning(configuration, errors);
        ReadResponses(configuration, node, errors);
    }

    private static void ReadResponses(IConfiguration configuration, NodeOptions node, List<string> errors)
    {
        node.DataDirectory = Get(configuration, NodeSettings.DataDir) is { Length: > 0 } dataDir && !string.IsNullOrWhiteSpace(dataDir)
            ? dataDir.Trim()
            : DataDirectory.Default(name => configuration[name]) ?? "";
        node.ResponsesStore = ReadBool(configuration, NodeSettings.ResponsesStore, node.ResponsesStore, errors);
        node.ResponsesMaxMb = ReadInt(configuration, NodeSettings.ResponsesMaxMb, node.ResponsesMaxMb, 1, NodeOptions.MaxResponsesMaxMb, errors);
        var days = Get(configuration, NodeSettings.ResponsesMaxAgeDays);
        if (!string.IsNullOrWhiteSpace(days))
        {
            if (double.TryParse(days.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && value <= NodeOptions.MaxResponsesMaxAge.TotalDays)
            {
                node.ResponsesMaxAge = TimeSpan.FromDays(value);
            }
            else
            {
                errors.Add($"{NodeSettings.ResponsesMaxAgeDays.DisplayName} must be a number of days above 0 and at most {NodeOptions.MaxResponsesMaxAge.TotalDays}, got '{days}'.");
            }
        }
    }

    /// <summary>
    /// Sets the engine's options from configuration: the node registers this as the options' one configure step,
    /// and <see cref="Read"/> uses it to check them at start. Values that do not parse are added to
    /// <paramref name="errors"/> and leave the option's default.
    /// </summary>
    public static void ConfigureEngine(IConfiguration configuration, NodeOptions node, EngineOptions engine, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(engine);
        // A local GGUF is checked at start; anything else becomes a GGUF path on the load path (download, conversion).
        engine.ModelPath = node.Model is { Kind: ModelReferenceKind.LocalGguf } local ? local.LocalPath! : "";
        engine.Parallel = ReadInt(configuration, NodeSettings.Parallel, engine.Parallel, int.MinValue, int.MaxValue, errors);
        engine.ContextSize = ReadInt(configuration, NodeSettings.ContextSize, engine.ContextSize, int.MinValue, int.MaxValue, errors);
        engine.Threads = ReadInt(configuration, NodeSettings.Threads, engine.Threads, int.MinValue, int.MaxValue, errors);
        if (engine.Threads == 0)
        {
            engine.Threads = Environment.ProcessorCount;
        }

        engine.QueueSize = ReadInt(configuration, NodeSettings.Queue, engine.QueueSize, int.MinValue, int.MaxValue, errors);
        engine.BatchSize = ReadInt(configuration, NodeSettings.BatchSize, engine.BatchSize, int.MinValue, int.MaxValue, errors);
        engine.PrefillChunk = ReadInt(configuration, NodeSettings.PrefillChunk, engine.PrefillChunk, int.MinValue, int.MaxValue, errors);
        engine.UnifiedKvCache = ReadBool(configuration, NodeSettings.KvUnified, engine.UnifiedKvCache, errors);
        engine.PrefixCache = ReadBool(configuration, NodeSettings.PrefixCache, engine.PrefixCache, errors);
        engine.SlotSimilarity = ReadShare(configuration, NodeSettings.SlotSimilarity, engine.SlotSimilarity, errors);
        engine.CacheRamMb = ReadInt(configuration, NodeSettings.CacheRamMb, engine.CacheRamMb, int.MinValue, int.MaxValue, errors);
    }

    private static double ReadShare(IConfiguration configuration, NodeSetting setting, double fallback, List<string> errors)
    {
        var text = Get(configuration, setting);
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !(value >= 0 && value < 1))
        {
            errors.Add($"{setting.DisplayName} must be a number from 0 to below 1, got '{text}'.");
            return fallback;
        }

        return value;
    }

    private static TimeSpan ReadInterval(IConfiguration configuration, NodeSetting setting, TimeSpan fallback, TimeSpan min, List<string> errors) =>
        TimeSpan.FromSeconds(ReadSeconds(configuration, setting, fallback.TotalSeconds, min.TotalSeconds, errors));

    /// <summary>SYNAPSE_CHAT_TEMPLATE: the file must exist and parse, so a broken template stops the start rather than every request.</summary>
    private static void ReadChatTemplate(IConfiguration configuration, NodeOptions node, List<string> errors)
    {
        var file = Get(configuration, NodeSettings.ChatTemplate);
        if (string.IsNullOrWhiteSpace(file))
        {
            return;
        }

        if (!File.Exists(file))
        {
            errors.Add($"{NodeSettings.ChatTemplate.DisplayName}: the file '{file}' does not exist.");
            return;
        }

        var text = File.ReadAllText(file);
        try
        {
            Synapse.Templates.JinjaTemplate.Parse(text, file);
        }
        catch (Synapse.Templates.TemplateSyntaxException e)
        {
            errors.Add($"{NodeSettings.ChatTemplate.DisplayName}: {e.Message}");
            return;
        }

        node.ChatTemplateFile = file;
        node.ChatTemplateText = text;
    }

    /// <summary>
    /// --host/--port (SYNAPSE_HOST/SYNAPSE_PORT) are shortcuts for ASP.NET's urls setting; whichever comes from the
    /// source of higher precedence wins, so <c>--urls</c> beats SYNAPSE_PORT from the environment and vice versa.
    /// </summary>
    private static string ResolveUrls(IConfigurationRoot configuration, string scheme, List<string> errors)
    {
        var host = Get(configuration, NodeSettings.Host);
        var portText = Get(configuration, NodeSettings.Port);
        var port = NodeOptions.DefaultPort;
        if (!string.IsNullOrWhiteSpace(portText) && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > 65535))
        {
            errors.Add($"{NodeSettings.Port.DisplayName} must be a port number (0-65535), got '{portText}'.");
        }

        var shortcuts = $"{scheme}://{FormatHost(string.IsNullOrWhiteSpace(host) ? NodeOptions.DefaultHost : host.Trim())}:{port}";
        foreach (var provider in configuration.Providers.Reverse())
        {
            if (provider.TryGet(NodeSettings.Host.ConfigurationPath, out _) || provider.TryGet(NodeSettings.Port.ConfigurationPath, out _))
            {
                return shortcuts;
            }

            if (provider.TryGet("urls", out var urls) && !string.IsNullOrWhiteSpace(urls))
            {
                return urls;
            }
        }

        return shortcuts;
    }

    private static string FormatHost(string host) =>
        host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]" : host;

    private static NodeEngineKind ReadEngine(IConfiguration configuration, List<string> errors)
    {
        var text = Get(configuration, NodeSettings.Engine)?.Trim();
        switch (text?.ToLowerInvariant())
        {
            case null or "" or "llama":
                return NodeEngineKind.Llama;
            case "simulated":
                return NodeEngineKind.Simulated;
            default:
                errors.Add($"{NodeSettings.Engine.DisplayName} must be 'llama' or 'simulated', got '{text}'.");
                return NodeEngineKind.Llama;
        }
    }

    private static ReasoningMode ReadReasoning(IConfiguration configuration, List<string> errors)
    {
        var text = Get(configuration, NodeSettings.Reasoning)?.Trim();
        switch (text?.ToLowerInvariant())
        {
            case null or "" or "split":
                return ReasoningMode.Split;
            case "inline":
                return ReasoningMode.Inline;
            default:
                errors.Add($"{NodeSettings.Reasoning.DisplayName} must be 'split' or 'inline', got '{text}'.");
                return ReasoningMode.Split;
        }
    }

    private static Uri? ReadHttpUrl(IConfiguration configuration, NodeSetting setting, List<string> errors)
    {
        var text = Get(configuration, setting)?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"{setting.DisplayName} must be an http:// or https:// URL, got '{text}'.");
            return null;
        }

        return url;
    }

    private static double ReadRate(IConfiguration configuration, NodeSetting setting, double fallback, List<string> errors)
    {
        var text = Get(configuration, setting);
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value < 0 || value > NodeOptions.MaxSimulatedTokensPerSecond)
        {
            errors.Add($"{setting.DisplayName} must be a number of tokens per second between 0 (instant) and {NodeOptions.MaxSimulatedTokensPerSecond}, got '{text}'.");
            return fallback;
        }

        return value;
    }
}
