namespace Synapse.Node.Responses.Storage;

/// <summary>
/// The database's tables, versioned by SQLite's <c>user_version</c>: 0 is a new file, <see cref="Version"/> the one
/// this build writes. A later version adds its migration from the earlier ones here; a file from a newer Synapse is
/// refused rather than misread.
/// </summary>
internal static class ResponseStoreSchema
{
    public const int Version = 1;

    /// <summary>
    /// Run in one transaction after <c>PRAGMA auto_vacuum = INCREMENTAL</c> (which must precede the first table, so
    /// the sweep can hand freed pages back to the disk). <c>store_size</c> holds the sum of <c>bytes</c>, kept by triggers in the writing transaction, so the size
    /// bound is checked without a scan and holds across processes sharing the file.
    /// </summary>
    public const string Create = """
        CREATE TABLE responses (
            id TEXT NOT NULL PRIMARY KEY,
            model TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            previous_response_id TEXT,
            input_items_json TEXT NOT NULL,
            response_json TEXT NOT NULL,
            bytes INTEGER NOT NULL
        );
        CREATE INDEX responses_by_age ON responses (created_at);
        CREATE TABLE store_size (id INTEGER NOT NULL PRIMARY KEY CHECK (id = 0), bytes INTEGER NOT NULL);
        INSERT INTO store_size (id, bytes) VALUES (0, 0);
        CREATE TRIGGER responses_added AFTER INSERT ON responses
            BEGIN UPDATE store_size SET bytes = bytes + NEW.bytes; END;
        CREATE TRIGGER responses_removed AFTER DELETE ON responses
            BEGIN UPDATE store_size SET bytes = bytes - OLD.bytes; END;
        CREATE TRIGGER responses_changed AFTER UPDATE OF bytes ON responses
            BEGIN UPDATE store_size SET bytes = bytes - OLD.bytes + NEW.bytes; END;
        CREATE TABLE store_info (key TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL);
        PRAGMA user_version = 1;
        """;

    /// <summary>Adds or replaces by id; an upsert (not INSERT OR REPLACE) so the update trigger keeps the size right.</summary>
    public const string Upsert = """
        INSERT INTO responses (id, model, created_at, previous_response_id, input_items_json, response_json, bytes)
        VALUES ($id, $model, $created_at, $previous, $input, $response, $bytes)
        ON CONFLICT (id) DO UPDATE SET model = excluded.model, created_at = excluded.created_at,
            previous_response_id = excluded.previous_response_id, input_items_json = excluded.input_items_json,
            response_json = excluded.response_json, bytes = excluded.bytes;
        """;

    public const string Find = """
        SELECT id, model, created_at, previous_response_id, input_items_json, response_json
        FROM responses WHERE id = $id AND created_at >= $cutoff;
        """;

    public const string Delete = "DELETE FROM responses WHERE id = $id AND created_at >= $cutoff;";

    public const string DeleteExpired = "DELETE FROM responses WHERE created_at < $cutoff;";

    public const string TotalBytes = "SELECT bytes FROM store_size WHERE id = 0;";

    /// <summary>Keeps the newest responses whose sizes add up to at most <c>$max</c> and deletes the rest.</summary>
    public const string DeleteOldestOver = """
        DELETE FROM responses WHERE rowid IN (
            SELECT rowid FROM (
                SELECT rowid, SUM(bytes) OVER (ORDER BY created_at DESC, rowid DESC ROWS UNBOUNDED PRECEDING) AS kept
                FROM responses)
            WHERE kept > $max);
        """;

    /// <summary>A write on every open: a file the node can read but not write fails at start, not on the first save.</summary>
    public const string MarkOpened = "INSERT INTO store_info (key, value) VALUES ('opened_at', $now) ON CONFLICT (key) DO UPDATE SET value = excluded.value;";
}
