using Bulwark.Core.Tokens;

namespace Bulwark.Storage.Postgres;

internal sealed class PostgresTokenKeyStore(PostgresDatabase db) : ITokenKeyStore
{
    public async Task<IReadOnlyList<StoredTokenKey>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = db.DataSource.CreateCommand("SELECT id, wrapped, created_at, activates_at FROM token_keys ORDER BY id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var keys = new List<StoredTokenKey>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            keys.Add(new StoredTokenKey(
                reader.GetInt32(0),
                reader.GetFieldValue<byte[]>(1),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3))));
        }

        return keys;
    }

    public async Task<bool> TryAddAsync(StoredTokenKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var command = db.DataSource.CreateCommand("INSERT INTO token_keys (id, wrapped, created_at, activates_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING");
        command.Parameters.Add(new() { Value = key.Id });
        command.Parameters.Add(new() { Value = key.WrappedMaterial });
        command.Parameters.Add(new() { Value = key.CreatedAt.ToUnixTimeMilliseconds() });
        command.Parameters.Add(new() { Value = key.ActivatesAt.ToUnixTimeMilliseconds() });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<int> DeleteOlderThanAsync(int keepFromId, CancellationToken cancellationToken)
    {
        await using var command = db.DataSource.CreateCommand("DELETE FROM token_keys WHERE id < $1");
        command.Parameters.Add(new() { Value = keepFromId });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> ReplaceWrappingAsync(int id, byte[] expected, byte[] replacement, CancellationToken cancellationToken)
    {
        await using var command = db.DataSource.CreateCommand("UPDATE token_keys SET wrapped = $3 WHERE id = $1 AND wrapped = $2");
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = expected });
        command.Parameters.Add(new() { Value = replacement });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }
}
