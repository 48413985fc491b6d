using System.Globalization;
using Microsoft.Extensions.Configuration;
using Synapse.Engine.Hosting;
using Synapse.Models.Hub;
using static Synapse.Node.Configuration.SettingValues;

namespace Synapse.Node.Configuration;

/// <summary>
/// Reads and validates every setting of <see cref="NodeSettings"/> at start, collecting all problems so a user
/// fixes them in one go. Each message names the setting as the user can set it.
/// </summary>
public static class NodeConfigurationReader
{
    public static (NodeOptions Node, EngineOptions Engine) Read(IConfigurationRoot configuration)
    {
        var errors = new List<string>();
        var node = new NodeOptions();
        var engine = new EngineOptions();

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

        // A local GGUF is checked at start; anything else becomes a GGUF path on the load path (download, conversion).
        engine.ModelPath = node.Model is { Kind: ModelReferenceKind.LocalGguf } local ? local.LocalPath! : "";

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

        engine.Parallel = ReadInt(configuration, NodeSettings.Parallel, engine.Parallel, min: 1, max: EngineOptionsValidator.MaxParallel, errors);
        engine.ContextSize = ReadInt(configuration, NodeSettings.ContextSize, engine.ContextSize, min: 0, max: 1 << 20, errors);
        if (engine.ContextSize is > 0 and < 16)
        {
            errors.Add($"{NodeSettings.ContextSize.DisplayName} must be 0 (the model's) or at least 16, got {engine.ContextSize}.");
        }

        engine.Threads = ReadInt(configuration, NodeSettings.Threads, 0, min: 0, max: 1024, errors);
        if (engine.Threads == 0)
        {
            engine.Threads = Environment.ProcessorCount;
        }

        engine.QueueSize = ReadInt(configuration, NodeSettings.Queue, engine.QueueSize, min: 0, max: 1_000_000, errors);
        engine.BatchSize = ReadInt(configuration, NodeSettings.BatchSize, engine.BatchSize, min: 1, max: 1 << 16, errors);
        engine.PrefillChunk = ReadInt(configuration, NodeSettings.PrefillChunk, engine.PrefillChunk, min: 1, max: 1 << 16, errors);

        engine.UnifiedKvCache = ReadBool(configuration, NodeSettings.KvUnified, false, errors);

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

        node.MaxBodyBytes = ReadLong(configuration, NodeSettings.MaxBodyBytes, node.MaxBodyBytes, min: 1024, errors);
        node.ShutdownGrace = TimeSpan.FromSeconds(ReadSeconds(configuration, NodeSettings.ShutdownGrace, 30, min: 0, errors));
        node.KeepAliveInterval = TimeSpan.FromSeconds(ReadSeconds(configuration, NodeSettings.KeepAlive, 5, min: 0.001, errors));

        node.SimulatedTokensPerSecond = ReadRate(configuration, NodeSettings.SimTokensPerSecond, node.SimulatedTokensPerSecond, errors);
        node.SimulatedLoadTime = TimeSpan.FromSeconds(ReadSeconds(configuration, NodeSettings.SimLoadSeconds, 0, min: 0, errors));
        node.BalancerUrl = ReadHttpUrl(configuration, NodeSettings.BalancerUrl, errors);
        node.BalancerKey = Get(configuration, NodeSettings.BalancerKey) is { Length: > 0 } balancerKey ? balancerKey.Trim() : null;
        node.AdvertiseUrl = ReadHttpUrl(configuration, NodeSettings.AdvertiseUrl, errors);
        node.HeartbeatInterval = TimeSpan.FromSeconds(ReadSeconds(configuration, NodeSettings.HeartbeatSeconds, 5, min: 0.05, errors));

        node.Urls = ResolveUrls(configuration, errors);
        ReadChatTemplate(configuration, node, errors);

        if (errors.Count > 0)
        {
            throw new NodeConfigurationException("Invalid configuration:" + Environment.NewLine + "  - " + string.Join(Environment.NewLine + "  - ", errors));
        }

        return (node, engine);
    }

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
    private static string ResolveUrls(IConfigurationRoot configuration, List<string> errors)
    {
        var host = Get(configuration, NodeSettings.Host);
        var portText = Get(configuration, NodeSettings.Port);
        var port = 8000;
        if (!string.IsNullOrWhiteSpace(portText) && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > 65535))
        {
            errors.Add($"{NodeSettings.Port.DisplayName} must be a port number (0-65535), got '{portText}'.");
        }

        var shortcuts = $"http://{FormatHost(string.IsNullOrWhiteSpace(host) ? "0.0.0.0" : host.Trim())}:{port}";
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

        if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value < 0 || value > 1_000_000)
        {
            errors.Add($"{setting.DisplayName} must be a number of tokens per second between 0 (instant) and 1000000, got '{text}'.");
            return fallback;
        }

        return value;
    }
}
