using Bulwark.Core.Tokens;

namespace Bulwark.Storage.Sqlite;

internal sealed class SqliteTokenKeyStore(SqliteDatabase db) : ITokenKeyStore
{
    public async Task<IReadOnlyList<StoredTokenKey>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, wrapped, created_at, activates_at FROM token_keys ORDER BY id";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var keys = new List<StoredTokenKey>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            keys.Add(new StoredTokenKey(
                reader.GetInt32(0),
                (byte[])reader.GetValue(1),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3))));
        }

        return keys;
    }

    public async Task<bool> TryAddAsync(StoredTokenKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var write = await db.OpenForWriteAsync(cancellationToken).ConfigureAwait(false);
        var connection = write.Connection;
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO token_keys (id, wrapped, created_at, activates_at) VALUES ($id, $wrapped, $created, $activates) ON CONFLICT DO NOTHING";
        command.Parameters.AddWithValue("$id", key.Id);
        command.Parameters.AddWithValue("$wrapped", key.WrappedMaterial);
        command.Parameters.AddWithValue("$created", key.CreatedAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$activates", key.ActivatesAt.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<int> DeleteOlderThanAsync(int keepFromId, CancellationToken cancellationToken)
    {
        await using var write = await db.OpenForWriteAsync(cancellationToken).ConfigureAwait(false);
        var connection = write.Connection;
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM token_keys WHERE id < $id";
        command.Parameters.AddWithValue("$id", keepFromId);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> ReplaceWrappingAsync(int id, byte[] expected, byte[] replacement, CancellationToken cancellationToken)
    {
        await using var write = await db.OpenForWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var command = write.Connection.CreateCommand();
        command.CommandText = "UPDATE token_keys SET wrapped = $replacement WHERE id = $id AND wrapped = $expected";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$expected", expected);
        command.Parameters.AddWithValue("$replacement", replacement);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }
}
