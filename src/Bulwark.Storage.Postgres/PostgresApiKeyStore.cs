using Bulwark.Core.Auth;

namespace Bulwark.Storage.Postgres;

internal sealed class PostgresApiKeyStore(PostgresDatabase db) : IApiKeyStore
{
    public async Task<ApiKeyRecord?> FindByHashAsync(string hash, CancellationToken cancellationToken)
    {
        await using var command = db.DataSource.CreateCommand("SELECT hash, project_id, label, create_time FROM api_keys WHERE hash = $1");
        command.Parameters.Add(new() { Value = hash });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new ApiKeyRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)))
            : null;
    }

    public async Task<bool> TryCreateAsync(ApiKeyRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var command = db.DataSource.CreateCommand("INSERT INTO api_keys (hash, project_id, label, create_time) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING");
        command.Parameters.Add(new() { Value = record.Hash });
        command.Parameters.Add(new() { Value = record.ProjectId });
        command.Parameters.Add(new() { Value = record.Label });
        command.Parameters.Add(new() { Value = record.CreateTime.ToUnixTimeMilliseconds() });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }
}
