using Bulwark.Core.Keys;
using Npgsql;

namespace Bulwark.Storage.Postgres;

internal sealed class PostgresSiteKeyStore(PostgresDatabase db) : ISiteKeyStore
{
    private const string Columns = StoredKey.Columns;

    public Task<SiteKeyRecord?> GetAsync(string keyId, CancellationToken cancellationToken) =>
        SingleAsync($"SELECT {Columns} FROM site_keys WHERE key_id = $1", keyId, cancellationToken);

    public Task<SiteKeyRecord?> FindByLegacySecretHashAsync(string secretHash, CancellationToken cancellationToken) =>
        SingleAsync($"SELECT {Columns} FROM site_keys WHERE legacy_secret_hash = $1", secretHash, cancellationToken);

    public async Task<IReadOnlyList<SiteKeyRecord>> ListAsync(string projectId, string? afterKeyId, int limit, CancellationToken cancellationToken)
    {
        // COLLATE "C": the same byte order as SQLite and as the page tokens assume.
        await using var command = db.DataSource.CreateCommand($"SELECT {Columns} FROM site_keys WHERE project_id = $1 AND key_id COLLATE \"C\" > $2 ORDER BY key_id COLLATE \"C\" LIMIT $3");
        command.Parameters.Add(new() { Value = projectId });
        command.Parameters.Add(new() { Value = afterKeyId ?? string.Empty });
        command.Parameters.Add(new() { Value = limit });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var keys = new List<SiteKeyRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            keys.Add(StoredKey.Read(reader));
        }

        return keys;
    }

    public async Task CreateAsync(SiteKeyRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var command = db.DataSource.CreateCommand($"INSERT INTO site_keys ({Columns}) VALUES ($1, $2, $3, $4, $5, $6)");
        Bind(command, record);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> UpdateAsync(SiteKeyRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var command = db.DataSource.CreateCommand("UPDATE site_keys SET key_json = $1, legacy = $2 WHERE key_id = $3 AND project_id = $4");
        command.Parameters.Add(new() { Value = StoredKey.ToJson(record.Key) });
        command.Parameters.Add(new() { Value = record.Legacy });
        command.Parameters.Add(new() { Value = record.KeyId });
        command.Parameters.Add(new() { Value = record.ProjectId });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<bool> DeleteAsync(string projectId, string keyId, CancellationToken cancellationToken)
    {
        await using var command = db.DataSource.CreateCommand("DELETE FROM site_keys WHERE key_id = $1 AND project_id = $2");
        command.Parameters.Add(new() { Value = keyId });
        command.Parameters.Add(new() { Value = projectId });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<IReadOnlyList<WrappedLegacySecret>> ListLegacySecretsAsync(CancellationToken cancellationToken)
    {
        await using var command = db.DataSource.CreateCommand("SELECT key_id, legacy_secret_wrapped FROM site_keys ORDER BY key_id COLLATE \"C\"");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var secrets = new List<WrappedLegacySecret>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            secrets.Add(new WrappedLegacySecret(reader.GetString(0), reader.GetFieldValue<byte[]>(1)));
        }

        return secrets;
    }

    public async Task<bool> ReplaceLegacySecretWrappingAsync(string keyId, byte[] expected, byte[] replacement, CancellationToken cancellationToken)
    {
        await using var command = db.DataSource.CreateCommand("UPDATE site_keys SET legacy_secret_wrapped = $3 WHERE key_id = $1 AND legacy_secret_wrapped = $2");
        command.Parameters.Add(new() { Value = keyId });
        command.Parameters.Add(new() { Value = expected });
        command.Parameters.Add(new() { Value = replacement });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private async Task<SiteKeyRecord?> SingleAsync(string sql, string value, CancellationToken cancellationToken)
    {
        await using var command = db.DataSource.CreateCommand(sql);
        command.Parameters.Add(new() { Value = value });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? StoredKey.Read(reader) : null;
    }

    private static void Bind(NpgsqlCommand command, SiteKeyRecord record)
    {
        command.Parameters.Add(new() { Value = record.ProjectId });
        command.Parameters.Add(new() { Value = record.KeyId });
        command.Parameters.Add(new() { Value = StoredKey.ToJson(record.Key) });
        command.Parameters.Add(new() { Value = record.LegacySecretHash });
        command.Parameters.Add(new() { Value = record.LegacySecretWrapped });
        command.Parameters.Add(new() { Value = record.Legacy });
    }
}
