using Bulwark.Core.Velocity;
using Microsoft.Data.Sqlite;

namespace Bulwark.Storage.Sqlite;

internal sealed class SqliteVelocityStore(SqliteDatabase db) : IVelocityStore
{
    public async Task<IReadOnlyList<VelocityBucket>> AddAndReadAsync(
        IReadOnlyList<VelocityBucket> deltas,
        IReadOnlyList<long> keys,
        DateTimeOffset minuteSince,
        DateTimeOffset fiveMinuteSince,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deltas);
        ArgumentNullException.ThrowIfNull(keys);
        await using var write = await db.OpenForWriteAsync(cancellationToken).ConfigureAwait(false);
        var connection = write.Connection;
        // Not deferred (BEGIN IMMEDIATE): take the write lock first, so the transaction never has to upgrade a read lock mid-way.
        await using var tx = connection.BeginTransaction(deferred: false);
        if (deltas.Count > 0)
        {
            await using var add = connection.CreateCommand();
            add.Transaction = tx;
            add.CommandText = """
                INSERT INTO velocity_buckets (key, kind, start, count) VALUES ($key, $kind, $start, $count)
                ON CONFLICT (key, kind, start) DO UPDATE SET count = count + excluded.count
                """;
            var key = add.Parameters.Add("$key", SqliteType.Integer);
            var kind = add.Parameters.Add("$kind", SqliteType.Integer);
            var start = add.Parameters.Add("$start", SqliteType.Integer);
            var count = add.Parameters.Add("$count", SqliteType.Integer);
            foreach (var delta in deltas)
            {
                key.Value = delta.Key;
                kind.Value = (int)delta.Kind;
                start.Value = delta.Start;
                count.Value = delta.Count;
                await add.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        var totals = new List<VelocityBucket>();
        if (keys.Count > 0)
        {
            await using var read = connection.CreateCommand();
            read.Transaction = tx;
            read.CommandText = """
                SELECT key, kind, start, count FROM velocity_buckets
                WHERE key IN (SELECT value FROM json_each($keys))
                  AND ((kind = 0 AND start >= $minute) OR (kind = 1 AND start >= $five))
                """;
            read.Parameters.AddWithValue("$keys", "[" + string.Join(',', keys) + "]");
            read.Parameters.AddWithValue("$minute", minuteSince.ToUnixTimeMilliseconds());
            read.Parameters.AddWithValue("$five", fiveMinuteSince.ToUnixTimeMilliseconds());
            await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                totals.Add(new VelocityBucket(reader.GetInt64(0), (VelocityBucketKind)reader.GetInt16(1), reader.GetInt64(2), reader.GetInt64(3)));
            }
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return totals;
    }

    public async Task<int> PruneVelocityAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken)
    {
        await using var write = await db.OpenForWriteAsync(cancellationToken).ConfigureAwait(false);
        var connection = write.Connection;
        await using var command = connection.CreateCommand();
        command.CommandText = """
            DELETE FROM velocity_buckets WHERE (key, kind, start) IN
                (SELECT key, kind, start FROM velocity_buckets WHERE start < $before ORDER BY start LIMIT $limit)
            """;
        command.Parameters.AddWithValue("$before", before.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$limit", limit);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
