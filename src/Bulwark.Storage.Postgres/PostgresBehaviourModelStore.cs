using Bulwark.Core.Scoring;
using Npgsql;

namespace Bulwark.Storage.Postgres;

internal sealed class PostgresBehaviourModelStore(PostgresDatabase db) : IBehaviourModelStore
{
    private const string Columns = "version, parameters, created_at, activated_at";

    public async Task<bool> TryAddAsync(StoredBehaviourModel model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        await using var command = db.DataSource.CreateCommand("INSERT INTO behaviour_models (version, parameters, created_at, activated_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING");
        command.Parameters.Add(new() { Value = model.Version });
        command.Parameters.Add(new() { Value = model.Parameters });
        command.Parameters.Add(new() { Value = model.CreatedAt.ToUnixTimeMilliseconds() });
        command.Parameters.Add(new NpgsqlParameter<long?> { TypedValue = model.ActivatedAt?.ToUnixTimeMilliseconds() });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<bool> ActivateAsync(string version, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = db.DataSource.CreateCommand("UPDATE behaviour_models SET activated_at = $2 WHERE version = $1");
        command.Parameters.Add(new() { Value = version });
        command.Parameters.Add(new() { Value = at.ToUnixTimeMilliseconds() });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task DeactivateAllAsync(CancellationToken cancellationToken)
    {
        await using var command = db.DataSource.CreateCommand("UPDATE behaviour_models SET activated_at = NULL WHERE activated_at IS NOT NULL");
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
        await using var command = db.DataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var models = new List<StoredBehaviourModel>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            models.Add(new StoredBehaviourModel(
                reader.GetString(0),
                reader.GetString(1),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
                reader.IsDBNull(3) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3))));
        }

        return models;
    }
}
