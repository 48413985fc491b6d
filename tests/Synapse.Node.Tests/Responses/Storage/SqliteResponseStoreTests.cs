using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Synapse.Hosting.Settings;
using Synapse.Node.Responses.Storage;
using Synapse.OpenAI.Responses;

namespace Synapse.Node.Tests.Responses.Storage;

/// <summary>The SQLite response store on a real file in a temporary folder, its clock a <see cref="FakeTimeProvider"/>.</summary>
public sealed class SqliteResponseStoreTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("synapse-store-").FullName;
    private readonly FakeTimeProvider _time = new(Start);
    private readonly List<SqliteResponseStore> _stores = [];

    private string DatabasePath => Path.Combine(_dir, "data", ResponseStoreOptions.FileName);

    public void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }

        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task SavesFindsReplacesAndDeletes()
    {
        var store = Open();
        var first = Response(Start, previous: null, text: "one");
        await store.SaveAsync(first, Ct);
        Assert.Equal(first, await store.FindAsync(first.Id, Ct));

        var replaced = first with { ResponseJson = """{"id":"x","status":"completed"}""", PreviousResponseId = "resp_earlier" };
        await store.SaveAsync(replaced, Ct);
        Assert.Equal(replaced, await store.FindAsync(first.Id, Ct));
        Assert.Equal(1L, await CountAsync());

        Assert.True(await store.DeleteAsync(first.Id, Ct));
        Assert.Null(await store.FindAsync(first.Id, Ct));
        Assert.False(await store.DeleteAsync(first.Id, Ct));
        Assert.Equal(0L, await CountAsync());
    }

    [Theory]
    [InlineData("")]
    [InlineData("resp_")]
    [InlineData("resp_0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("resp_abc_0123456789abcdef0123456789abcdef")]
    [InlineData("'; DROP TABLE responses; --")]
    [InlineData("résp_\u2603_%_*")]
    public async Task IdsNeverStoredFindNothing(string id)
    {
        var store = Open();
        var kept = Response(Start, null, "kept");
        await store.SaveAsync(kept, Ct);

        Assert.Null(await store.FindAsync(id, Ct));
        Assert.False(await store.DeleteAsync(id, Ct));
        Assert.Null(await store.FindAsync(id + new string('0', 10_000), Ct));
        Assert.Equal(kept, await store.FindAsync(kept.Id, Ct));
    }

    [Fact]
    public async Task ResponsesSurviveANewStoreOnTheSameFile()
    {
        var responses = Enumerable.Range(0, 5).Select(i => Response(Start.AddSeconds(i), i == 0 ? null : "resp_prev", $"turn {i}")).ToList();
        var before = Open();
        foreach (var response in responses)
        {
            await before.SaveAsync(response, Ct);
        }

        Assert.True(await before.DeleteAsync(responses[0].Id, Ct));
        before.Dispose();

        // What a node restart does: a new store on the same file.
        var after = Open();
        await after.OpenAsync(Ct);
        Assert.Null(await after.FindAsync(responses[0].Id, Ct));
        foreach (var response in responses.Skip(1))
        {
            Assert.Equal(response, await after.FindAsync(response.Id, Ct));
        }

        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(Ct);
        Assert.Equal("wal", await ScalarAsync(connection, "PRAGMA journal_mode;"));
        Assert.Equal(1L, await ScalarAsync(connection, "PRAGMA user_version;"));
    }

    [Fact]
    public async Task ResponsesOlderThanTheMaxAgeAreGoneAndTheTimerDeletesThem()
    {
        // The sweep's period is longer than the steps below, so the test decides when it ticks.
        var store = Open(options =>
        {
            options.MaxAge = TimeSpan.FromDays(30);
            options.SweepInterval = TimeSpan.FromDays(40);
        });
        var old = Response(Start, null, "old");
        var newer = Response(Start.AddDays(15), null, "newer");
        await store.SaveAsync(old, Ct);
        await store.SaveAsync(newer, Ct);

        _time.Advance(TimeSpan.FromDays(30) - TimeSpan.FromMinutes(1));
        Assert.Equal(old, await store.FindAsync(old.Id, Ct));

        // Two minutes later the first is past 30 days: lookups skip it at once, before anything deleted it.
        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.Null(await store.FindAsync(old.Id, Ct));
        Assert.False(await store.DeleteAsync(old.Id, Ct));
        Assert.Equal(newer, await store.FindAsync(newer.Id, Ct));
        Assert.Equal(2L, await CountAsync());

        // The sweep timer's tick (day 40) deletes it from the file.
        _time.Advance(TimeSpan.FromDays(10) - TimeSpan.FromMinutes(1));
        await store.LastSweep;
        Assert.Equal(1L, await CountAsync());
        Assert.Equal(newer, await store.FindAsync(newer.Id, Ct));

        // A write deletes expired rows as well, without the timer (day 50: the second is 35 days old).
        _time.Advance(TimeSpan.FromDays(10));
        var latest = Response(_time.GetUtcNow(), newer.Id, "latest");
        await store.SaveAsync(latest, Ct);
        Assert.Equal(1L, await CountAsync());
        Assert.Null(await store.FindAsync(newer.Id, Ct));
        Assert.Equal(latest, await store.FindAsync(latest.Id, Ct));
    }

    [Fact]
    public async Task PastTheSizeBoundTheOldestGoFirst()
    {
        var responses = Enumerable.Range(0, 6).Select(i => Response(Start.AddMinutes(i), null, new string((char)('a' + i), 1000))).ToList();
        var size = responses[0].Id.Length + responses[0].Model.Length + responses[0].InputItemsJson.Length + responses[0].ResponseJson.Length;
        // Room for three and a half.
        var store = Open(options => options.MaxBytes = size * 7 / 2);
        // Saved out of order: what goes is the oldest by created_at, not the first saved.
        foreach (var i in new[] { 3, 0, 1, 5, 2, 4 })
        {
            await store.SaveAsync(responses[i], Ct);
        }

        Assert.Null(await store.FindAsync(responses[0].Id, Ct));
        Assert.Null(await store.FindAsync(responses[1].Id, Ct));
        Assert.Null(await store.FindAsync(responses[2].Id, Ct));
        foreach (var kept in responses.Skip(3))
        {
            Assert.Equal(kept, await store.FindAsync(kept.Id, Ct));
        }

        // A smaller bound on the next start (a changed SYNAPSE_RESPONSES_MAX_MB) applies when the store opens.
        store.Dispose();
        var smaller = Open(options => options.MaxBytes = size);
        await smaller.OpenAsync(Ct);
        Assert.Equal(1L, await CountAsync());
        Assert.Equal(responses[5], await smaller.FindAsync(responses[5].Id, Ct));
    }

    [Fact]
    public async Task ConcurrentWritersOnOneFileLoseNothing()
    {
        // Two stores on one file: two nodes sharing a data folder, or a restart racing a late request.
        var stores = new[] { Open(), Open() };
        var responses = Enumerable.Range(0, 80).Select(i => Response(Start.AddMilliseconds(i), null, $"r{i}")).ToList();
        await Task.WhenAll(responses.Select((response, i) => Task.Run(async () =>
        {
            var store = stores[i % 2];
            await store.SaveAsync(response, Ct);
            Assert.Equal(response, await store.FindAsync(response.Id, Ct));
        }, Ct)));

        Assert.Equal(responses.Count, await CountAsync());
        var deletes = await Task.WhenAll(responses.Take(20).Select((response, i) => Task.Run(async () => await stores[(i + 1) % 2].DeleteAsync(response.Id, Ct), Ct)));
        Assert.All(deletes, Assert.True);
        Assert.Equal(responses.Count - 20, await CountAsync());
    }

    [Fact]
    public async Task AFileThatIsNotADatabaseStopsTheStartWithOneLine()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        await File.WriteAllBytesAsync(DatabasePath, [.. Enumerable.Range(0, 8192).Select(i => (byte)(i * 7 % 251))], Ct);
        var message = (await Assert.ThrowsAsync<SettingsException>(() => Open().OpenAsync(Ct))).Message;
        Assert.Contains(DatabasePath, message, StringComparison.Ordinal);
        Assert.Contains("SYNAPSE_DATA_DIR", message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', message);
        // Saving fails the same way rather than writing over the file.
        await Assert.ThrowsAsync<SettingsException>(async () => await Open().SaveAsync(Response(Start, null, "x"), Ct));
    }

    [Fact]
    public async Task AFolderThatCannotBeMadeStopsTheStart()
    {
        // The data folder's parent is a file: the folder cannot be created, whoever runs the test (root included).
        var blocker = Path.Combine(_dir, "data");
        await File.WriteAllTextAsync(blocker, "not a folder", Ct);
        var message = (await Assert.ThrowsAsync<SettingsException>(() => Open().OpenAsync(Ct))).Message;
        Assert.Contains(DatabasePath, message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', message);
    }

    [Fact]
    public async Task AFileFromANewerSchemaIsRefused()
    {
        var store = Open();
        await store.OpenAsync(Ct);
        store.Dispose();
        await using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync(Ct);
            await ScalarAsync(connection, "PRAGMA user_version = 99;");
        }

        var message = (await Assert.ThrowsAsync<SettingsException>(() => Open().OpenAsync(Ct))).Message;
        Assert.Contains("newer Synapse", message, StringComparison.Ordinal);
        Assert.Contains("99", message, StringComparison.Ordinal);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SqliteResponseStore Open(Action<ResponseStoreOptions>? configure = null)
    {
        var options = new ResponseStoreOptions { DatabasePath = DatabasePath };
        configure?.Invoke(options);
        var store = new SqliteResponseStore(options, _time, NullLogger<SqliteResponseStore>.Instance);
        _stores.Add(store);
        return store;
    }

    private static StoredResponse Response(DateTimeOffset createdAt, string? previous, string text)
    {
        var id = ResponseIds.New("node1");
        return new StoredResponse(id, "tiny", createdAt, previous,
            $$"""[{"type":"message","role":"user","content":[{"type":"input_text","text":"{{text}}"}]}]""",
            $$"""{"id":"{{id}}","object":"response","created_at":{{createdAt.ToUnixTimeSeconds()}},"status":"completed","output":[]}""");
    }

    private async Task<long> CountAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(Ct);
        return (long)(await ScalarAsync(connection, "SELECT COUNT(*) FROM responses;"))!;
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(Ct);
    }
}
