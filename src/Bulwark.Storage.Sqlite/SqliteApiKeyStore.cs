using Bulwark.Core.Auth;

namespace Bulwark.Storage.Sqlite;

internal sealed class SqliteApiKeyStore(SqliteDatabase db) : IApiKeyStore
{
    public async Task<ApiKeyRecord?> FindByHashAsync(string hash, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT hash, project_id, label, create_time FROM api_keys WHERE hash = $hash";
        command.Parameters.AddWithValue("$hash", hash);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new ApiKeyRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)))
            : null;
    }

    public async Task<bool> TryCreateAsync(ApiKeyRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var write = await db.OpenForWriteAsync(cancellationToken).ConfigureAwait(false);
        var connection = write.Connection;
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO api_keys (hash, project_id, label, create_time) VALUES ($hash, $project, $label, $created) ON CONFLICT DO NOTHING";
        command.Parameters.AddWithValue("$hash", record.Hash);
        command.Parameters.AddWithValue("$project", record.ProjectId);
        command.Parameters.AddWithValue("$label", record.Label);
        command.Parameters.AddWithValue("$created", record.CreateTime.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }
}
