using Bulwark.Core.Projects;
using Microsoft.Data.Sqlite;

namespace Bulwark.Storage.Sqlite;

internal sealed class SqliteProjectStore(SqliteDatabase db) : IProjectStore
{
    public async Task<Project?> GetAsync(string projectId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, full_score_levels, create_time FROM projects WHERE id = $id";
        command.Parameters.AddWithValue("$id", projectId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    public async Task<IReadOnlyList<Project>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, full_score_levels, create_time FROM projects ORDER BY id";
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
        await using var write = await db.OpenForWriteAsync(cancellationToken).ConfigureAwait(false);
        var connection = write.Connection;
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO projects (id, full_score_levels, create_time) VALUES ($id, $full, $created) ON CONFLICT DO NOTHING";
        command.Parameters.AddWithValue("$id", project.Id);
        command.Parameters.AddWithValue("$full", project.FullScoreLevels);
        command.Parameters.AddWithValue("$created", project.CreateTime.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<bool> SetFullScoreLevelsAsync(string projectId, bool enabled, CancellationToken cancellationToken)
    {
        await using var write = await db.OpenForWriteAsync(cancellationToken).ConfigureAwait(false);
        var connection = write.Connection;
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE projects SET full_score_levels = $full WHERE id = $id";
        command.Parameters.AddWithValue("$id", projectId);
        command.Parameters.AddWithValue("$full", enabled);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private static Project Read(SqliteDataReader reader) =>
        new(reader.GetString(0), reader.GetBoolean(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)));
}
