using System.Globalization;
using System.Text.Json;
using Bulwark.Core.Assessments;
using Bulwark.Core.Protocol;
using Microsoft.Data.Sqlite;

namespace Bulwark.Storage.Sqlite;

internal sealed class SqliteAssessmentStore(SqliteDatabase db) : IAssessmentStore
{
    private static readonly string[] InsertParameters =
        ["$project", "$id", "$key", "$created", "$day", "$action", "$hostname", "$score", "$valid", "$reason", "$response", "$features"];

    public async Task CommitBatchAsync(IReadOnlyList<AssessmentCommit> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        // Immediate: take the write lock up front rather than upgrading mid-batch.
        await using var tx = connection.BeginTransaction(deferred: false);

        await using var spend = connection.CreateCommand();
        spend.Transaction = tx;
        spend.CommandText = "INSERT INTO spent_tokens (token_id, expires_at) VALUES ($id, $expires) ON CONFLICT DO NOTHING";
        var spendId = spend.Parameters.Add("$id", SqliteType.Blob);
        var spendExpires = spend.Parameters.Add("$expires", SqliteType.Integer);

        await using var insert = connection.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = """
            INSERT INTO assessments (project_id, id, site_key, create_time, day, action, hostname, score, valid, invalid_reason, response, features)
            VALUES ($project, $id, $key, $created, $day, $action, $hostname, $score, $valid, $reason, $response, $features)
            """;
        var p = InsertParameters.Select(name => insert.Parameters.Add(name, SqliteType.Text)).ToArray();

        foreach (var item in batch)
        {
            var record = item.Record;
            if (item.SpendTokenId is { } tokenId)
            {
                spendId.Value = tokenId.ToByteArray();
                spendExpires.Value = item.SpendExpiresAt.ToUnixTimeMilliseconds();
                if (await spend.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
                {
                    record = item.OnDuplicate!();
                }
            }

            p[0].Value = record.ProjectId;
            p[1].Value = record.AssessmentId;
            p[2].Value = (object?)record.SiteKey ?? DBNull.Value;
            p[3].Value = record.CreateTime.ToUnixTimeMilliseconds();
            p[4].Value = StoredAnswer.DayNumber(record.CreateTime);
            p[5].Value = (object?)record.Action ?? DBNull.Value;
            p[6].Value = (object?)record.Hostname ?? DBNull.Value;
            p[7].Value = (double)record.Score;
            p[8].Value = record.Valid;
            p[9].Value = (int)record.InvalidReason;
            p[10].Value = StoredAnswer.ToJson(record.Response);
            p[11].Value = (object?)record.FeaturesJson ?? DBNull.Value;
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            item.Stored = record;
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<AssessmentRecord?> GetAsync(string projectId, string assessmentId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {StoredAnswer.Columns} FROM assessments WHERE project_id = $project AND id = $id
            """;
        command.Parameters.AddWithValue("$project", projectId);
        command.Parameters.AddWithValue("$id", assessmentId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return StoredAnswer.Read(reader, projectId, assessmentId);
    }

    public async Task<bool> AddAnnotationAsync(AnnotationRecord annotation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(annotation);
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        // One statement: the row goes in only if the assessment exists in that project.
        command.CommandText = """
            INSERT INTO annotations (project_id, assessment_id, annotation, reasons, account_id, hashed_account_id, transaction_event, create_time)
            SELECT $project, $id, $annotation, $reasons, $account, $hashed, $transaction, $created
            WHERE EXISTS (SELECT 1 FROM assessments WHERE project_id = $project AND id = $id)
            """;
        command.Parameters.AddWithValue("$project", annotation.ProjectId);
        command.Parameters.AddWithValue("$id", annotation.AssessmentId);
        command.Parameters.AddWithValue("$annotation", (int)annotation.Annotation);
        command.Parameters.AddWithValue("$reasons", StoredAnswer.ReasonsText(annotation.Reasons));
        command.Parameters.AddWithValue("$account", (object?)annotation.AccountId ?? DBNull.Value);
        command.Parameters.AddWithValue("$hashed", (object?)annotation.HashedAccountId ?? DBNull.Value);
        command.Parameters.AddWithValue("$transaction", (object?)annotation.TransactionEventJson ?? DBNull.Value);
        command.Parameters.AddWithValue("$created", annotation.CreateTime.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<IReadOnlyList<ScoreCount>> GetScoreCountsAsync(string projectId, string siteKey, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT day, COALESCE(action, ''), CAST(ROUND(score * 100) AS INTEGER), COUNT(*)
            FROM assessments
            WHERE site_key = $key AND project_id = $project AND valid = 1 AND day >= $since
            GROUP BY 1, 2, 3
            """;
        command.Parameters.AddWithValue("$project", projectId);
        command.Parameters.AddWithValue("$key", siteKey);
        command.Parameters.AddWithValue("$since", StoredAnswer.DayNumber(since));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var counts = new List<ScoreCount>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            counts.Add(new ScoreCount(DateOnly.FromDayNumber(reader.GetInt32(0)), reader.GetString(1), reader.GetInt32(2), reader.GetInt64(3)));
        }

        return counts;
    }

    public async Task<int> PruneAssessmentsAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = connection.BeginTransaction(deferred: false);
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = """
            CREATE TEMP TABLE IF NOT EXISTS doomed (project_id TEXT, id TEXT);
            DELETE FROM doomed;
            INSERT INTO doomed SELECT project_id, id FROM assessments WHERE create_time < $before LIMIT $limit;
            DELETE FROM annotations WHERE (project_id, assessment_id) IN (SELECT project_id, id FROM doomed);
            DELETE FROM assessments WHERE (project_id, id) IN (SELECT project_id, id FROM doomed);
            """;
        command.Parameters.AddWithValue("$before", before.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$limit", limit);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await using var changes = connection.CreateCommand();
        changes.Transaction = tx;
        changes.CommandText = "SELECT changes()";
        var deleted = Convert.ToInt32(await changes.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return deleted;
    }

    public async Task<int> PruneSpentTokensAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM spent_tokens WHERE expires_at < $now";
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
