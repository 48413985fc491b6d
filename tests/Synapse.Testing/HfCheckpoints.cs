using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Synapse.TestModels;

namespace Synapse.Testing;

/// <summary>
/// Generated random-weight Hugging Face checkpoints (<see cref="HfBenchModelGenerator"/>), built once per spec,
/// tokenizer files, seed and generator build into <see cref="TestModels.CacheDirectory"/> beside the generated GGUF
/// test models, and reused by later runs: a real-size checkpoint takes seconds to write and a gigabyte of disk.
/// </summary>
public static class HfCheckpoints
{
    private static readonly ConcurrentDictionary<string, Lazy<string>> Built = new(StringComparer.Ordinal);

    // One shared lock per checkpoint this process uses, held until it exits (see InUse).
    private static readonly ConcurrentDictionary<string, FileStream> Held = new(StringComparer.Ordinal);

    /// <summary>The checkpoint directory for <paramref name="spec"/> with the tokenizer of <paramref name="tokenizerDirectory"/>.</summary>
    public static string GetPath(HfBenchModelSpec spec, string tokenizerDirectory, ulong seed = 42)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrEmpty(tokenizerDirectory);
        var key = CacheKey(spec, tokenizerDirectory, seed);
        return Built.GetOrAdd(key, _ => new Lazy<string>(() => Ensure(spec, tokenizerDirectory, seed, key))).Value;
    }

    /// <summary>
    /// A stable name for the checkpoint: the spec, the seed, the tokenizer files' contents and the generator
    /// assembly's MVID (builds are deterministic, so an edited generator never serves a stale checkpoint).
    /// </summary>
    public static string CacheKey(HfBenchModelSpec spec, string tokenizerDirectory, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(spec);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var builderId = typeof(HfBenchModelGenerator).Assembly.ManifestModule.ModuleVersionId;
        hash.AppendData(Encoding.UTF8.GetBytes($"{spec}|seed-{seed}|{builderId:N}"));
        foreach (var file in Directory.GetFiles(tokenizerDirectory).Order(StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(file)));
            hash.AppendData(File.ReadAllBytes(file));
        }

        var safeName = new string(spec.Name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());
        return $"{safeName}-{Convert.ToHexStringLower(hash.GetHashAndReset())[..16]}";
    }

    // Each builder writes its own folder and renames it into place; the first rename wins (another test process may
    // build the same checkpoint at the same time, identically).
    private static string Ensure(HfBenchModelSpec spec, string tokenizerDirectory, ulong seed, string key)
    {
        var directory = TestModels.CacheDirectory;
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, key);
        // Taken before the folder is looked at, so no other test run removes it from now on.
        Held.GetOrAdd(key, _ => InUse(path));
        if (Directory.Exists(path))
        {
            return path;
        }

        RemoveAbandonedFolders(directory);
        RemoveStaleVersions(directory, key);
        var temp = Path.Combine(directory, $"{key}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmpdir");
        try
        {
            HfBenchModelGenerator.WriteAsync(spec, tokenizerDirectory, temp, seed, CancellationToken.None).GetAwaiter().GetResult();
            try
            {
                Directory.Move(temp, path);
            }
            catch (IOException) when (Directory.Exists(path))
            {
                // Built by someone else first.
            }
        }
        finally
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }
        }

        return path;
    }

    /// <summary>
    /// A shared lock on <c>{checkpoint}.lock</c> (flock, which .NET takes for a FileShare other than None): while any
    /// process holds one, <see cref="RemoveStaleVersions"/> leaves that checkpoint alone. The key holds the generator's
    /// MVID, which differs between two clones of the same commit (the PDB path is part of it), so two test runs from two
    /// checkouts build two keys; without the lock each run deleted the checkpoint the other was converting (Linux lets a
    /// folder with open files go, so no IOException ever said it was in use).
    /// </summary>
    private static FileStream InUse(string checkpoint)
    {
        // A remover holds the exclusive lock only while it deletes that folder; it is rebuilt here afterwards.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(checkpoint + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite);
            }
            catch (IOException) when (attempt < 6000)
            {
                Thread.Sleep(100);
            }
        }
    }

    // Every generator build has its own key, and a real-size checkpoint is a gigabyte: building one removes the
    // earlier builds' checkpoints of the same spec name (named "{name}-{16 hex digits}") that no process is using.
    private static void RemoveStaleVersions(string directory, string key)
    {
        var prefix = key[..^16];
        foreach (var folder in Directory.EnumerateDirectories(directory, prefix + "*"))
        {
            var name = Path.GetFileName(folder);
            if (name != key && name.Length == key.Length && name[prefix.Length..].All(char.IsAsciiHexDigitLower))
            {
                try
                {
                    // Exclusive: fails (IOException) while another test run holds its shared lock on that checkpoint.
                    // The lock file stays (empty): unlinking it could split one lock into two files.
                    using (new FileStream(folder + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
                    {
                        Directory.Delete(folder, recursive: true);
                    }
                }
                catch (IOException)
                {
                    // In use by a process of that other build: it goes next time.
                }
                catch (UnauthorizedAccessException)
                {
                }
            }
        }
    }

    // A run killed half-way leaves its folder (a gigabyte); an hour is far longer than any build.
    private static void RemoveAbandonedFolders(string directory)
    {
        foreach (var folder in Directory.EnumerateDirectories(directory, "*.tmpdir"))
        {
            try
            {
                if (Directory.GetLastWriteTimeUtc(folder) < DateTime.UtcNow.AddHours(-1))
                {
                    Directory.Delete(folder, recursive: true);
                }
            }
            catch (IOException)
            {
                // Still being written or already gone: not ours to worry about.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
