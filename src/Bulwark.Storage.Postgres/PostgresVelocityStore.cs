using Bulwark.Core.Velocity;

namespace Bulwark.Storage.Postgres;

internal sealed class PostgresVelocityStore(PostgresDatabase db) : IVelocityStore
{
    /// <summary>
    /// One round trip: the upsert returns the new totals of the buckets it touched; the other buckets
    /// of the keys come from the statement's snapshot (which predates the upsert, hence NOT EXISTS).
    /// </summary>
    private const string AddAndReadSql = """
        WITH added AS (
            INSERT INTO velocity_buckets (key, kind, start, count)
            SELECT * FROM unnest($1::bigint[], $2::smallint[], $3::bigint[], $4::bigint[])
            ON CONFLICT (key, kind, start) DO UPDATE SET count = velocity_buckets.count + excluded.count
            RETURNING key, kind, start, count)
        SELECT key, kind, start, count FROM added WHERE key = ANY($5::bigint[])
        UNION ALL
        SELECT b.key, b.kind, b.start, b.count FROM velocity_buckets b
        WHERE b.key = ANY($5::bigint[])
          AND ((b.kind = 0 AND b.start >= $6) OR (b.kind = 1 AND b.start >= $7))
          AND NOT EXISTS (SELECT 1 FROM added a WHERE a.key = b.key AND a.kind = b.kind AND a.start = b.start)
        """;

    public async Task<IReadOnlyList<VelocityBucket>> AddAndReadAsync(
        IReadOnlyList<VelocityBucket> deltas,
        IReadOnlyList<long> keys,
        DateTimeOffset minuteSince,
        DateTimeOffset fiveMinuteSince,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deltas);
        ArgumentNullException.ThrowIfNull(keys);

        // One row per bucket (ON CONFLICT cannot touch a row twice in one statement), in one order,
        // so that two nodes' concurrent flushes lock shared rows in the same order and cannot deadlock.
        var merged = deltas
            .GroupBy(d => (d.Key, d.Kind, d.Start))
            .Select(g => (g.Key, Count: g.Sum(d => d.Count)))
            .OrderBy(d => d.Key.Key).ThenBy(d => d.Key.Kind).ThenBy(d => d.Key.Start)
            .ToList();

        await using var command = db.DataSource.CreateCommand(AddAndReadSql);
        command.Parameters.Add(new() { Value = merged.Select(d => d.Key.Key).ToArray() });
        command.Parameters.Add(new() { Value = merged.Select(d => (short)d.Key.Kind).ToArray() });
        command.Parameters.Add(new() { Value = merged.Select(d => d.Key.Start).ToArray() });
        command.Parameters.Add(new() { Value = merged.Select(d => d.Count).ToArray() });
        command.Parameters.Add(new() { Value = keys.ToArray() });
        command.Parameters.Add(new() { Value = minuteSince.ToUnixTimeMilliseconds() });
        command.Parameters.Add(new() { Value = fiveMinuteSince.ToUnixTimeMilliseconds() });

        var totals = new List<VelocityBucket>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            totals.Add(new VelocityBucket(reader.GetInt64(0), (VelocityBucketKind)reader.GetInt16(1), reader.GetInt64(2), reader.GetInt64(3)));
        }

        return totals;
    }

    public async Task<int> PruneVelocityAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken)
    {
        // Old buckets only: a concurrent flush upserts current ones, so the two never lock the same row.
        await using var command = db.DataSource.CreateCommand(
            "DELETE FROM velocity_buckets WHERE (key, kind, start) IN (SELECT key, kind, start FROM velocity_buckets WHERE start < $1 ORDER BY start LIMIT $2)");
        command.Parameters.Add(new() { Value = before.ToUnixTimeMilliseconds() });
        command.Parameters.Add(new() { Value = limit });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
