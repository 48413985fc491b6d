using Synapse.Models.Safetensors;

namespace Synapse.Models.Tests.Safetensors;

public sealed class SafetensorsCheckpointTests : IDisposable
{
    private readonly SafetensorsTestFiles _files = new();

    [Fact]
    public void Opens_the_shards_an_index_lists()
    {
        _files.Write("model-00001-of-00002.safetensors", ("a", SafetensorsDType.F32, [1], SafetensorsTestFiles.Floats(1)));
        _files.Write("model-00002-of-00002.safetensors", ("b", SafetensorsDType.F32, [2], SafetensorsTestFiles.Floats(2, 3)));
        WriteIndex(("a", "model-00001-of-00002.safetensors"), ("b", "model-00002-of-00002.safetensors"));

        using var checkpoint = SafetensorsCheckpoint.Open(_files.Directory);

        Assert.Equal(2, checkpoint.Files.Count);
        Assert.Equal(["a", "b"], checkpoint.Tensors.Select(t => t.Name));
        Assert.Equal(12, checkpoint.DataBytes);
        Assert.EndsWith("00002-of-00002.safetensors", checkpoint["b"].File.Path, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_shard_is_named()
    {
        _files.Write("model-00001-of-00002.safetensors", ("a", SafetensorsDType.F32, [1], SafetensorsTestFiles.Floats(1)));
        WriteIndex(("a", "model-00001-of-00002.safetensors"), ("b", "model-00002-of-00002.safetensors"));

        var error = Assert.Throws<FileNotFoundException>(() => SafetensorsCheckpoint.Open(_files.Directory));
        Assert.Contains("model-00002-of-00002.safetensors", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_index_that_disagrees_with_its_shards_is_refused()
    {
        _files.Write("model-00001-of-00001.safetensors",
            ("a", SafetensorsDType.F32, [1], SafetensorsTestFiles.Floats(1)),
            ("stray", SafetensorsDType.F32, [1], SafetensorsTestFiles.Floats(2)));
        WriteIndex(("a", "model-00001-of-00001.safetensors"));

        var error = Assert.Throws<InvalidDataException>(() => SafetensorsCheckpoint.Open(_files.Directory));
        Assert.Contains("stray", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_index_tensor_no_shard_holds_is_refused()
    {
        _files.Write("model-00001-of-00001.safetensors", ("a", SafetensorsDType.F32, [1], SafetensorsTestFiles.Floats(1)));
        WriteIndex(("a", "model-00001-of-00001.safetensors"), ("ghost", "model-00001-of-00001.safetensors"));

        var error = Assert.Throws<InvalidDataException>(() => SafetensorsCheckpoint.Open(_files.Directory));
        Assert.Contains("ghost", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shard_path_leaving_the_directory_is_refused()
    {
        WriteIndex(("a", "../elsewhere.safetensors"));
        Assert.Throws<InvalidDataException>(() => SafetensorsCheckpoint.Open(_files.Directory));
    }

    [Fact]
    public void The_same_tensor_in_two_files_is_refused()
    {
        _files.Write("one.safetensors", ("a", SafetensorsDType.F32, [1], SafetensorsTestFiles.Floats(1)));
        _files.Write("two.safetensors", ("a", SafetensorsDType.F32, [1], SafetensorsTestFiles.Floats(2)));

        var error = Assert.Throws<InvalidDataException>(() => SafetensorsCheckpoint.Open(_files.Directory));
        Assert.Contains("'a'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_without_weights_is_a_clear_error()
    {
        File.WriteAllText(_files.Path("config.json"), "{}");
        var error = Assert.Throws<FileNotFoundException>(() => SafetensorsCheckpoint.Open(_files.Directory));
        Assert.Contains("No safetensors weights", error.Message, StringComparison.Ordinal);
    }

    private void WriteIndex(params (string Tensor, string File)[] entries)
    {
        var map = string.Join(",", entries.Select(e => $"\"{e.Tensor}\":\"{e.File}\""));
        File.WriteAllText(_files.Path(SafetensorsCheckpoint.IndexFileName), "{\"metadata\":{\"total_size\":0},\"weight_map\":{" + map + "}}");
    }

    public void Dispose() => _files.Dispose();
}
