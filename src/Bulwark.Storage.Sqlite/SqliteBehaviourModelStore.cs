using Bulwark.Core.Scoring;
using Microsoft.Data.Sqlite;

namespace Bulwark.Storage.Sqlite;

internal sealed class SqliteBehaviourModelStore(SqliteDatabase db) : IBehaviourModelStore
{
    private const string Columns = "version, parameters, created_at, activated_at";

    public async Task<bool> TryAddAsync(StoredBehaviourModel model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        await using var write = await db.OpenForWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var command = write.Connection.CreateCommand();
        command.CommandText = "INSERT INTO behaviour_models (version, parameters, created_at, activated_at) VALUES ($version, $parameters, $created, $activated) ON CONFLICT DO NOTHING";
        command.Parameters.AddWithValue("$version", model.Version);
        command.Parameters.AddWithValue("$parameters", model.Parameters);
        command.Parameters.AddWithValue("$created", model.CreatedAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$activated", (object?)model.ActivatedAt?.ToUnixTimeMilliseconds() ?? DBNull.Value);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<bool> ActivateAsync(string version, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var write = await db.OpenForWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var command = write.Connection.CreateCommand();
        command.CommandText = "UPDATE behaviour_models SET activated_at = $at WHERE version = $version";
        command.Parameters.AddWithValue("$version", version);
        command.Parameters.AddWithValue("$at", at.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task DeactivateAllAsync(CancellationToken cancellationToken)
    {
        await using var write = await db.OpenForWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var command = write.Connection.CreateCommand();
        command.CommandText = "UPDATE behaviour_models SET activated_at = NULL WHERE activated_at IS NOT NULL";
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<StoredBehaviourModel?> GetActiveAsync(CancellationToken cancellationToken)
    {
        var active = await QueryAsync($"SELECT {Columns} FROM behaviour_models WHERE activated_at IS NOT NULL ORDER BY activated_at DESC, version DESC LIMIT 1", cancellationToken).ConfigureAwait(false);
        return active.Count == 0 ? null : active[0];
    }

    public Task<IReadOnlyList<StoredBehaviourModel>> ListAsync(CancellationToken cancellationToken) =>
        QueryAsync($"SELECT {Columns} FROM behaviour_models ORDER BY created_at DESC, version DESC", cancellationToken);

    private async Task<IReadOnlyList<StoredBehaviourModel>> QueryAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var models = new List<StoredBehaviourModel>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            models.Add(Read(reader));
        }

        return models;
    }

    private static StoredBehaviourModel Read(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
        reader.IsDBNull(3) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)));
}
