using Microsoft.Extensions.Options;
using Synapse.Engine.Hosting;

namespace Synapse.Engine.Tests.Hosting;

public sealed class EngineOptionsValidatorTests
{
    private static EngineOptions Valid()
    {
        var file = Path.GetTempFileName();
        return new EngineOptions { ModelPath = file };
    }

    [Fact]
    public void Valid_options_pass()
    {
        var options = Valid();
        Assert.True(new EngineOptionsValidator().Validate(null, options).Succeeded);
        File.Delete(options.ModelPath);
    }

    [Theory]
    [InlineData(nameof(EngineOptions.Parallel), 0, "SYNAPSE_PARALLEL")]
    [InlineData(nameof(EngineOptions.Parallel), 300, "SYNAPSE_PARALLEL")]
    [InlineData(nameof(EngineOptions.ContextSize), -1, "SYNAPSE_CTX_SIZE")]
    [InlineData(nameof(EngineOptions.Threads), -2, "SYNAPSE_THREADS")]
    [InlineData(nameof(EngineOptions.QueueSize), -1, "SYNAPSE_QUEUE")]
    [InlineData(nameof(EngineOptions.BatchSize), 0, "SYNAPSE_BATCH_SIZE")]
    [InlineData(nameof(EngineOptions.BatchSize), 2, "SYNAPSE_BATCH_SIZE")]
    [InlineData(nameof(EngineOptions.PrefillChunk), 0, "SYNAPSE_PREFILL_CHUNK")]
    public void Each_bad_value_names_its_setting(string property, int value, string setting)
    {
        var options = Valid();
        typeof(EngineOptions).GetProperty(property)!.SetValue(options, value);
        var result = new EngineOptionsValidator().Validate(null, options);
        File.Delete(options.ModelPath);

        Assert.True(result.Failed);
        var message = Assert.Single(result.Failures!);
        Assert.Contains(setting, message, StringComparison.Ordinal);
        Assert.Contains(value.ToString(System.Globalization.CultureInfo.InvariantCulture), message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_or_unset_model_names_MODEL_NAME()
    {
        var missing = new EngineOptions { ModelPath = "/nonexistent/model.gguf" };
        var failure = Assert.Single(new EngineOptionsValidator().Validate(null, missing).Failures!);
        Assert.Contains("MODEL_NAME", failure, StringComparison.Ordinal);
        Assert.Contains("/nonexistent/model.gguf", failure, StringComparison.Ordinal);

        var unset = new EngineOptions();
        Assert.Contains("MODEL_NAME", Assert.Single(new EngineOptionsValidator().Validate(null, unset).Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Loading_with_bad_options_fails_with_the_message()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            LlamaInferenceEngine.LoadAsync(new EngineOptions { ModelPath = "/nonexistent/model.gguf", Parallel = 0 }));
        Assert.Contains("SYNAPSE_PARALLEL", error.Message, StringComparison.Ordinal);
        Assert.Contains("MODEL_NAME", error.Message, StringComparison.Ordinal);
    }
}
