using Bulwark.Core.Projects;
using Npgsql;

namespace Bulwark.Storage.Postgres;

internal sealed class PostgresProjectStore(PostgresDatabase db) : IProjectStore
{
    public async Task<Project?> GetAsync(string projectId, CancellationToken cancellationToken)
    {
        await using var command = db.DataSource.CreateCommand("SELECT id, full_score_levels, create_time FROM projects WHERE id = $1");
        command.Parameters.Add(new() { Value = projectId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    public async Task<IReadOnlyList<Project>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = db.DataSource.CreateCommand("SELECT id, full_score_levels, create_time FROM projects ORDER BY id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var projects = new List<Project>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            projects.Add(Read(reader));
        }

        return projects;
    }

    public async Task<bool> TryCreateAsync(Project project, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        await using var command = db.DataSource.CreateCommand("INSERT INTO projects (id, full_score_levels, create_time) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING");
        command.Parameters.Add(new() { Value = project.Id });
        command.Parameters.Add(new() { Value = project.FullScoreLevels });
        command.Parameters.Add(new() { Value = project.CreateTime.ToUnixTimeMilliseconds() });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<bool> SetFullScoreLevelsAsync(string projectId, bool enabled, CancellationToken cancellationToken)
    {
        await using var command = db.DataSource.CreateCommand("UPDATE projects SET full_score_levels = $2 WHERE id = $1");
        command.Parameters.Add(new() { Value = projectId });
        command.Parameters.Add(new() { Value = enabled });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private static Project Read(NpgsqlDataReader reader) =>
        new(reader.GetString(0), reader.GetBoolean(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)));
}
