namespace Synapse.Models.Hub;

/// <summary>
/// An exclusive lock on a file shared between processes. .NET opens with <see cref="FileShare.None"/> through
/// <c>flock(LOCK_EX)</c> on Unix, the same advisory lock Python's filelock takes, so Synapse and huggingface_hub
/// downloading into one cache wait for each other instead of writing the same blob twice.
/// </summary>
public sealed class CacheFileLock : IDisposable
{
    private readonly FileStream _stream;

    private CacheFileLock(FileStream stream) => _stream = stream;

    /// <summary>Waits until the lock is free; <paramref name="onWaiting"/> is called now and then while another holder has it.</summary>
    public static async Task<CacheFileLock> AcquireAsync(string path, Action<TimeSpan>? onWaiting, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var started = DateTime.UtcNow;
        var lastNotice = started;
        while (true)
        {
            try
            {
                return new CacheFileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Held by another process (or another download in this one): poll, as filelock does.
            }

            if (DateTime.UtcNow - lastNotice >= TimeSpan.FromSeconds(10))
            {
                lastNotice = DateTime.UtcNow;
                onWaiting?.Invoke(lastNotice - started);
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => _stream.Dispose();
}
