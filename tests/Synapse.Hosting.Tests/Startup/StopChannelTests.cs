using System.IO.Pipes;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Synapse.Hosting.Startup;

namespace Synapse.Hosting.Tests.Startup;

/// <summary>The standard-input stop channel: a "stop" line or the end of the input stops the host, once, after start-up.</summary>
public sealed class StopChannelTests
{
    [Theory]
    [InlineData("stop\n")]
    [InlineData("  STOP \r\n")]
    [InlineData("\nstatus\nstop\nignored after\n")]
    [InlineData("")]
    [InlineData("not a stop, then the end")]
    public async Task A_stop_line_or_the_end_of_the_input_stops_once(string input)
    {
        var stops = 0;
        await StopChannel.ListenAsync(new StringReader(input), () => stops++, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(1, stops);
    }

    [Fact]
    public async Task Other_lines_do_not_stop_and_a_cancelled_listener_stops_nothing()
    {
        using var pipe = new AnonymousPipeServerStream(PipeDirection.Out);
        using var reader = new StreamReader(new AnonymousPipeClientStream(PipeDirection.In, pipe.ClientSafePipeHandle));
        await using var writer = new StreamWriter(pipe) { AutoFlush = true };
        using var cancel = new CancellationTokenSource();
        var stops = 0;
        var listening = StopChannel.ListenAsync(reader, () => stops++, cancel.Token);

        await writer.WriteLineAsync("");
        await writer.WriteLineAsync("stopping soon");
        Assert.False(listening.IsCompleted);
        await cancel.CancelAsync();
        await listening.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0, stops);
    }

    [Fact]
    public async Task The_lifetime_stops_the_host_on_the_stop_line_but_only_once_start_up_is_done()
    {
        using var pipe = new AnonymousPipeServerStream(PipeDirection.Out);
        using var reader = new StreamReader(new AnonymousPipeClientStream(PipeDirection.In, pipe.ClientSafePipeHandle));
        await using var writer = new StreamWriter(pipe) { AutoFlush = true };
        var application = new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance);
        using var lifetime = new SignalLifetime(application, reader);
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        application.ApplicationStopping.Register(stopping.SetResult);

        await lifetime.WaitForStartAsync(CancellationToken.None);
        await writer.WriteLineAsync("stop");
        await lifetime.StopChannelListener.WaitAsync(TimeSpan.FromSeconds(60));
        // The stop line is read, but the host is still starting: the stop waits (a cancelled start would log as a crash).
        Assert.False(stopping.Task.IsCompleted);

        application.NotifyStarted();
        await stopping.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    [Theory]
    [InlineData("stdin", true)]
    [InlineData(" STDIN ", true)]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("signal", false)]
    public void Only_stdin_turns_the_channel_on(string? value, bool on) => Assert.Equal(on, StopChannel.IsStandardInput(value));
}
