using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Synapse.Hosting.Settings;
using Synapse.Node.Configuration;

namespace Synapse.Node.Responses.Storage;

/// <summary>
/// The response store in one SQLite file (SYNAPSE_DATA_DIR/responses.db) in WAL mode: readers never wait for the
/// writer, and several processes may share the file. Connections come from Microsoft.Data.Sqlite's one pool (one
/// connection string); writes are serialized in-process so they queue here rather than spin on SQLite's lock. Bounded
/// by age (lookups skip expired rows; a <see cref="TimeProvider"/> timer and every write delete them) and by size (the
/// oldest go first). Runs on request threads only, never on the engine's inference loop.
/// </summary>
public sealed partial class SqliteResponseStore : IResponseStore, IDisposable
{
    private readonly ResponseStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<SqliteResponseStore> _logger;
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ITimer _sweepTimer;
    private readonly CancellationTokenSource _disposed = new();
    private volatile bool _open;
    private Task _lastSweep = Task.CompletedTask;

    public SqliteResponseStore(ResponseStoreOptions options, TimeProvider time, ILogger<SqliteResponseStore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.DatabasePath, nameof(options));
        _options = options;
        _time = time;
        _logger = logger;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(options.DatabasePath),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            // Seconds a statement waits for another process's write lock before failing.
            DefaultTimeout = 30,
        }.ToString();
        _sweepTimer = time.CreateTimer(_ => StartSweep(), null, options.SweepInterval, options.SweepInterval);
    }

    public string DatabasePath => _options.DatabasePath;

    /// <summary>The sweep the timer started last (tests await it after advancing a fake clock).</summary>
    internal Task LastSweep => Volatile.Read(ref _lastSweep);

    /// <summary>
    /// Opens the file (creating it and its folder), checks its schema and that it can be written. A file that is not
    /// a database, one from a newer Synapse or one the node cannot write is a <see cref="SettingsException"/> naming
    /// the file and what to do, so the node stops at start with one line and exit code 2 instead of failing later.
    /// </summary>
    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        if (_open)
        {
            return;
        }

        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_open)
            {
                return;
            }

            try
            {
                await OpenCoreAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
            {
                ReleaseFile();
                throw new SettingsException(
                    $"{NodeSettings.DataDir.DisplayName}: the response store {_options.DatabasePath} cannot be used ({Reason(e)}). " +
                    $"Move the file away (a new one is made), point {NodeSettings.DataDir.EnvironmentVariable} at a writable folder, or set {NodeSettings.ResponsesStore.EnvironmentVariable}=false.");
            }

            _open = true;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async ValueTask SaveAsync(StoredResponse response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        await OpenAsync(cancellationToken).ConfigureAwait(false);
        var bytes = Size(response);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (var upsert = Command(connection, transaction, ResponseStoreSchema.Upsert))
            {
                upsert.Parameters.AddWithValue("$id", response.Id);
                upsert.Parameters.AddWithValue("$model", response.Model);
                upsert.Parameters.AddWithValue("$created_at", response.CreatedAt.ToUnixTimeMilliseconds());
                upsert.Parameters.AddWithValue("$previous", (object?)response.PreviousResponseId ?? DBNull.Value);
                upsert.Parameters.AddWithValue("$input", response.InputItemsJson);
                upsert.Parameters.AddWithValue("$response", response.ResponseJson);
                upsert.Parameters.AddWithValue("$bytes", bytes);
                await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            var (expired, evicted) = await EnforceBoundsAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            LogBounds(expired, evicted);
            if (bytes > _options.MaxBytes)
            {
                LogTooLarge(response.Id, bytes, _options.MaxBytes);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async ValueTask<StoredResponse?> FindAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        await using var find = Command(connection, null, ResponseStoreSchema.Find);
        find.Parameters.AddWithValue("$id", id);
        find.Parameters.AddWithValue("$cutoff", Cutoff());
        await using var reader = await find.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new StoredResponse(
            reader.GetString(0),
            reader.GetString(1),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
            reader.IsDBNull(3) ? null : reader.GetString(3),
            reader.GetString(4),
            reader.GetString(5));
    }

    public async ValueTask<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        await OpenAsync(cancellationToken).ConfigureAwait(false);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using var delete = Command(connection, null, ResponseStoreSchema.Delete);
            delete.Parameters.AddWithValue("$id", id);
            delete.Parameters.AddWithValue("$cutoff", Cutoff());
            return await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Deletes expired responses and, past the size bound, the oldest; then gives freed pages back to the disk.</summary>
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        await OpenAsync(cancellationToken).ConfigureAwait(false);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
            int expired, evicted;
            await using (var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
            {
                (expired, evicted) = await EnforceBoundsAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            if (expired + evicted > 0)
            {
                await using var vacuum = Command(connection, null, "PRAGMA incremental_vacuum;");
                await vacuum.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            LogBounds(expired, evicted);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public void Dispose()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        _disposed.Cancel();
        _sweepTimer.Dispose();
        ReleaseFile();
        _disposed.Dispose();
    }

    /// <summary>Pooled connections keep the file (and its WAL) open; a store that is done or failed lets it go.</summary>
    private void ReleaseFile()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private void StartSweep()
    {
        if (_disposed.IsCancellationRequested || !LastSweep.IsCompleted)
        {
            return;
        }

        Volatile.Write(ref _lastSweep, SweepOnTimerAsync());
    }

    private async Task SweepOnTimerAsync()
    {
        try
        {
            await SweepAsync(_disposed.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is SqliteException or IOException or SettingsException)
        {
            LogSweepFailed(e);
        }
    }

    private async Task OpenCoreAsync(CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(_options.DatabasePath));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        var version = Convert.ToInt64(await ScalarAsync(connection, "PRAGMA user_version;", cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        if (version > ResponseStoreSchema.Version)
        {
            throw new SettingsException(
                $"{NodeSettings.DataDir.DisplayName}: the response store {_options.DatabasePath} was written by a newer Synapse (schema {version}, this one reads {ResponseStoreSchema.Version}). " +
                $"Run the newer version, move the file away, or point {NodeSettings.DataDir.EnvironmentVariable} elsewhere.");
        }

        if (version == 0)
        {
            // Only before the first table; a no-op when another process has just made them.
            await ScalarAsync(connection, "PRAGMA auto_vacuum = INCREMENTAL;", cancellationToken).ConfigureAwait(false);
        }

        // WAL is a property of the file: set once, kept by every later connection.
        await ScalarAsync(connection, "PRAGMA journal_mode = WAL;", cancellationToken).ConfigureAwait(false);
        await using (var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            // Read again under the write lock: two nodes sharing the file may both have found it new.
            if (Convert.ToInt64(await ScalarAsync(connection, "PRAGMA user_version;", cancellationToken, transaction).ConfigureAwait(false), CultureInfo.InvariantCulture) == 0)
            {
                await using var create = Command(connection, transaction, ResponseStoreSchema.Create);
                await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var mark = Command(connection, null, ResponseStoreSchema.MarkOpened))
        {
            mark.Parameters.AddWithValue("$now", _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
            await mark.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        int expired, evicted;
        await using (var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            (expired, evicted) = await EnforceBoundsAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        var count = Convert.ToInt64(await ScalarAsync(connection, "SELECT COUNT(*) FROM responses;", cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        var total = Convert.ToInt64(await ScalarAsync(connection, ResponseStoreSchema.TotalBytes, cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        LogOpened(_options.DatabasePath, count, total, expired + evicted);
    }

    /// <summary>Deletes what is past the age bound, then the oldest while the total is past the size bound.</summary>
    private async Task<(int Expired, int Evicted)> EnforceBoundsAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        int expired;
        await using (var deleteExpired = Command(connection, transaction, ResponseStoreSchema.DeleteExpired))
        {
            deleteExpired.Parameters.AddWithValue("$cutoff", Cutoff());
            expired = await deleteExpired.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var total = Convert.ToInt64(await ScalarAsync(connection, ResponseStoreSchema.TotalBytes, cancellationToken, transaction).ConfigureAwait(false), CultureInfo.InvariantCulture);
        if (total <= _options.MaxBytes)
        {
            return (expired, 0);
        }

        await using var evict = Command(connection, transaction, ResponseStoreSchema.DeleteOldestOver);
        evict.Parameters.AddWithValue("$max", _options.MaxBytes);
        return (expired, await evict.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false));
    }

    private async Task<SqliteConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            // Per connection: with WAL, NORMAL loses no committed data on a crash of the process (only on a power loss).
            await using var pragma = Command(connection, null, "PRAGMA synchronous = NORMAL;");
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken, SqliteTransaction? transaction = null)
    {
        await using var command = Command(connection, transaction, sql);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    private long Cutoff() => (_time.GetUtcNow() - _options.MaxAge).ToUnixTimeMilliseconds();

    private static long Size(StoredResponse response) =>
        Encoding.UTF8.GetByteCount(response.Id) + Encoding.UTF8.GetByteCount(response.Model)
        + Encoding.UTF8.GetByteCount(response.PreviousResponseId ?? "")
        + Encoding.UTF8.GetByteCount(response.InputItemsJson) + Encoding.UTF8.GetByteCount(response.ResponseJson);

    /// <summary>The first line of the failure's message: SQLite's already names its code ("SQLite Error 26: 'file is not a database'.").</summary>
    private static string Reason(Exception e) => e.Message.Split('\n')[0].Trim().TrimEnd('.');

    private void LogBounds(int expired, int evicted)
    {
        if (expired + evicted > 0)
        {
            LogDeleted(expired, evicted);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Response store {Path}: {Count} responses, {Bytes} bytes ({Deleted} deleted by the age and size bounds)")]
    private partial void LogOpened(string path, long count, long bytes, int deleted);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Response store: {Expired} expired and {Evicted} oldest responses deleted")]
    private partial void LogDeleted(int expired, int evicted);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Response {Id} ({Bytes} bytes) is larger than SYNAPSE_RESPONSES_MAX_MB allows ({MaxBytes} bytes) and was not kept")]
    private partial void LogTooLarge(string id, long bytes, long maxBytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Response store sweep failed")]
    private partial void LogSweepFailed(Exception exception);
}
