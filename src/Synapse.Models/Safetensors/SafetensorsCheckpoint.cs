using System.Text.Json;

namespace Synapse.Models.Safetensors;

/// <summary>
/// The safetensors weights of a Hugging Face model directory: <c>model.safetensors</c>, or the shards listed by
/// <c>model.safetensors.index.json</c> (every shard must exist and hold exactly the tensors the index assigns it),
/// or failing both every <c>*.safetensors</c> file of the directory. Tensor names are unique across shards.
/// </summary>
public sealed class SafetensorsCheckpoint : IDisposable
{
    public const string SingleFileName = "model.safetensors";
    public const string IndexFileName = "model.safetensors.index.json";

    private readonly List<SafetensorsFile> _files;
    private readonly Dictionary<string, SafetensorsTensor> _tensors;

    private SafetensorsCheckpoint(List<SafetensorsFile> files, Dictionary<string, SafetensorsTensor> tensors)
    {
        _files = files;
        _tensors = tensors;
    }

    public IReadOnlyList<SafetensorsFile> Files => _files;

    /// <summary>Every tensor, shard by shard in data order.</summary>
    public IEnumerable<SafetensorsTensor> Tensors => _files.SelectMany(f => f.Tensors);

    public int Count => _tensors.Count;

    /// <summary>Total bytes of tensor data over all shards.</summary>
    public long DataBytes => _tensors.Values.Sum(t => t.ByteLength);

    /// <summary>Opens the weights of <paramref name="directory"/>.</summary>
    /// <exception cref="FileNotFoundException">The directory holds no safetensors weights, or a listed shard is missing.</exception>
    /// <exception cref="InvalidDataException">A file or the index is malformed, or they disagree.</exception>
    public static SafetensorsCheckpoint Open(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Model directory not found: {directory}");
        }

        var indexPath = Path.Combine(directory, IndexFileName);
        Dictionary<string, string>? weightMap = null;
        List<string> shardNames;
        if (File.Exists(indexPath))
        {
            weightMap = ReadWeightMap(indexPath);
            shardNames = weightMap.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        }
        else if (File.Exists(Path.Combine(directory, SingleFileName)))
        {
            shardNames = [SingleFileName];
        }
        else
        {
            shardNames = Directory.EnumerateFiles(directory, "*.safetensors")
                .Select(p => Path.GetFileName(p))
                .Order(StringComparer.Ordinal)
                .ToList();
            if (shardNames.Count == 0)
            {
                throw new FileNotFoundException($"No safetensors weights in {directory} (expected {SingleFileName} or {IndexFileName}).");
            }
        }

        var files = new List<SafetensorsFile>();
        try
        {
            var tensors = new Dictionary<string, SafetensorsTensor>(StringComparer.Ordinal);
            foreach (var shard in shardNames)
            {
                var path = Path.Combine(directory, shard);
                if (!File.Exists(path))
                {
                    throw new FileNotFoundException($"Shard '{shard}' listed in {IndexFileName} is missing from {directory}.", path);
                }

                var file = SafetensorsFile.Open(path);
                files.Add(file);
                foreach (var tensor in file.Tensors)
                {
                    if (!tensors.TryAdd(tensor.Name, tensor))
                    {
                        throw new InvalidDataException($"Tensor '{tensor.Name}' is in both {Path.GetFileName(tensors[tensor.Name].File.Path)} and {shard}.");
                    }

                    if (weightMap is not null && (!weightMap.TryGetValue(tensor.Name, out var listed) || listed != shard))
                    {
                        throw new InvalidDataException($"Tensor '{tensor.Name}' is in {shard} but {IndexFileName} puts it {(listed is null ? "nowhere" : "in " + listed)}.");
                    }
                }
            }

            if (weightMap is not null)
            {
                var missing = weightMap.Keys.Where(k => !tensors.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
                if (missing.Count > 0)
                {
                    throw new InvalidDataException(
                        $"{IndexFileName} lists {missing.Count} tensor(s) its shards do not hold, e.g. '{missing[0]}' in {weightMap[missing[0]]}.");
                }
            }

            return new SafetensorsCheckpoint(files, tensors);
        }
        catch
        {
            foreach (var file in files)
            {
                file.Dispose();
            }

            throw;
        }
    }

    public bool Contains(string name) => _tensors.ContainsKey(name);

    public bool TryGetTensor(string name, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out SafetensorsTensor tensor) =>
        _tensors.TryGetValue(name, out tensor);

    public SafetensorsTensor this[string name] =>
        _tensors.TryGetValue(name, out var tensor) ? tensor : throw new KeyNotFoundException($"The checkpoint has no tensor '{name}'.");

    public void Dispose()
    {
        foreach (var file in _files)
        {
            file.Dispose();
        }
    }

    private static Dictionary<string, string> ReadWeightMap(string indexPath)
    {
        try
        {
            using var stream = File.OpenRead(indexPath);
            using var document = JsonDocument.Parse(stream);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("weight_map", out var map) || map.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{indexPath} has no 'weight_map' object.");
            }

            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in map.EnumerateObject())
            {
                var shard = entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString()! : "";
                // A shard name is a file beside the index, never a path that could leave the model directory.
                if (shard.Length == 0 || shard != Path.GetFileName(shard) || shard is "." or "..")
                {
                    throw new InvalidDataException($"{indexPath} maps '{entry.Name}' to an invalid shard name {entry.Value}.");
                }

                result[entry.Name] = shard;
            }

            return result;
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{indexPath} is not valid JSON: {ex.Message}", ex);
        }
    }
}
