using Bulwark.Core.Keys;
using Microsoft.Data.Sqlite;

namespace Bulwark.Storage.Sqlite;

internal sealed class SqliteSiteKeyStore(SqliteDatabase db) : ISiteKeyStore
{
    private const string Columns = StoredKey.Columns;

    public Task<SiteKeyRecord?> GetAsync(string keyId, CancellationToken cancellationToken) =>
        SingleAsync($"SELECT {Columns} FROM site_keys WHERE key_id = $v", keyId, cancellationToken);

    public Task<SiteKeyRecord?> FindByLegacySecretHashAsync(string secretHash, CancellationToken cancellationToken) =>
        SingleAsync($"SELECT {Columns} FROM site_keys WHERE legacy_secret_hash = $v", secretHash, cancellationToken);

    public async Task<IReadOnlyList<SiteKeyRecord>> ListAsync(string projectId, string? afterKeyId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM site_keys WHERE project_id = $project AND key_id > $after ORDER BY key_id LIMIT $limit";
        command.Parameters.AddWithValue("$project", projectId);
        command.Parameters.AddWithValue("$after", afterKeyId ?? string.Empty);
        command.Parameters.AddWithValue("$limit", limit);
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
        await using var write = await db.OpenForWriteAsync(cancellationToken).ConfigureAwait(false);
        var connection = write.Connection;
        await using var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO site_keys ({Columns}) VALUES ($project, $key, $json, $hash, $wrapped, $legacy)";
        Bind(command, record);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> UpdateAsync(SiteKeyRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var write = await db.OpenForWriteAsync(cancellationToken).ConfigureAwait(false);
        var connection = write.Connection;
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE site_keys SET key_json = $json, legacy = $legacy WHERE key_id = $key AND project_id = $project";
        Bind(command, record);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<bool> DeleteAsync(string projectId, string keyId, CancellationToken cancellationToken)
    {
        await using var write = await db.OpenForWriteAsync(cancellationToken).ConfigureAwait(false);
        var connection = write.Connection;
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM site_keys WHERE key_id = $key AND project_id = $project";
        command.Parameters.AddWithValue("$key", keyId);
        command.Parameters.AddWithValue("$project", projectId);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<IReadOnlyList<WrappedLegacySecret>> ListLegacySecretsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT key_id, legacy_secret_wrapped FROM site_keys ORDER BY key_id";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var secrets = new List<WrappedLegacySecret>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            secrets.Add(new WrappedLegacySecret(reader.GetString(0), (byte[])reader.GetValue(1)));
        }

        return secrets;
    }

    public async Task<bool> ReplaceLegacySecretWrappingAsync(string keyId, byte[] expected, byte[] replacement, CancellationToken cancellationToken)
    {
        await using var write = await db.OpenForWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var command = write.Connection.CreateCommand();
        command.CommandText = "UPDATE site_keys SET legacy_secret_wrapped = $replacement WHERE key_id = $key AND legacy_secret_wrapped = $expected";
        command.Parameters.AddWithValue("$key", keyId);
        command.Parameters.AddWithValue("$expected", expected);
        command.Parameters.AddWithValue("$replacement", replacement);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private async Task<SiteKeyRecord?> SingleAsync(string sql, string value, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$v", value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? StoredKey.Read(reader) : null;
    }

    private static void Bind(SqliteCommand command, SiteKeyRecord record)
    {
        command.Parameters.AddWithValue("$project", record.ProjectId);
        command.Parameters.AddWithValue("$key", record.KeyId);
        command.Parameters.AddWithValue("$json", StoredKey.ToJson(record.Key));
        command.Parameters.AddWithValue("$hash", record.LegacySecretHash);
        command.Parameters.AddWithValue("$wrapped", record.LegacySecretWrapped);
        command.Parameters.AddWithValue("$legacy", record.Legacy);
    }
}
