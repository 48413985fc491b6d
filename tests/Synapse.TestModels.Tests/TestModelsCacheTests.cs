using Synapse.Models.Gguf;
using Synapse.TestModels;
using Synapse.Testing.Llama;

namespace Synapse.TestModels.Tests;

public sealed class TestModelsCacheTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("synapse-cache-");

    [Fact]
    public async Task Concurrent_builders_of_one_spec_end_with_one_complete_file()
    {
        var spec = TestModelSpec.Tiny with { Name = "race", BlockCount = 1, TensorType = GgmlType.F32 };

        var paths = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            Task.Run(() => global::Synapse.Testing.TestModels.Ensure(spec, _dir.FullName))));

        Assert.Single(paths.Distinct());
        Assert.Equal([Path.GetFileName(paths[0])], _dir.GetFiles().Select(f => f.Name));
        var reference = Path.Combine(_dir.FullName, "..", $"{_dir.Name}-reference.gguf");
        try
        {
            TestModelBuilder.Write(spec, reference);
            Assert.Equal(File.ReadAllBytes(reference), File.ReadAllBytes(paths[0]));
        }
        finally
        {
            File.Delete(reference);
        }

        // F32 weights load as well as F16 ones.
        using var runner = new LlamaRunner(paths[0]);
        Assert.Equal(1, runner.Model.LayerCount);
        Assert.Equal(LLama.Native.LLamaFtype.ALL_F32, runner.Model.FileType);
    }

    [Fact]
    public void Abandoned_temporary_files_are_removed_and_a_present_model_is_reused()
    {
        var spec = TestModelSpec.Tiny with { Name = "stale", BlockCount = 1 };
        var stale = Path.Combine(_dir.FullName, "old.123.abc.tmp");
        File.WriteAllText(stale, "half a model");
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddHours(-2));

        var path = global::Synapse.Testing.TestModels.Ensure(spec, _dir.FullName);
        var written = File.GetLastWriteTimeUtc(path);

        Assert.False(File.Exists(stale));
        Assert.Equal(path, global::Synapse.Testing.TestModels.Ensure(spec, _dir.FullName));
        Assert.Equal(written, File.GetLastWriteTimeUtc(path));
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
