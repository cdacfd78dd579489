using Bulwark.Core.Assessments;
using Bulwark.Core.Protocol;
using Npgsql;
using NpgsqlTypes;

namespace Bulwark.Storage.Postgres;

internal sealed class PostgresAssessmentStore(PostgresDatabase db) : IAssessmentStore
{
    /// <summary>
    /// Two round trips per batch, whatever its size: BEGIN with one INSERT … ON CONFLICT DO NOTHING
    /// RETURNING for all the batch's token ids (sorted, so two nodes' batches lock ids in the same
    /// order and cannot deadlock), then one INSERT from arrays for all the answers with COMMIT. A
    /// token another transaction spent, on any node, is not returned: that answer becomes the DUPE
    /// variant. BEGIN and COMMIT travel as statements of those two batches rather than through
    /// <see cref="NpgsqlTransaction"/>, whose commit is a third round trip; if a statement fails,
    /// PostgreSQL skips the rest of its batch, and Npgsql rolls the open transaction back when the
    /// connection goes back to the pool.
    /// </summary>
    public async Task CommitBatchAsync(IReadOnlyList<AssessmentCommit> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await using var connection = await db.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

        var spends = batch.Where(b => b.SpendTokenId is not null)
            .Select(b => (Id: b.SpendTokenId!.Value, b.SpendExpiresAt))
            .DistinctBy(s => s.Id)
            .OrderBy(s => s.Id)
            .ToArray();
        var inserted = new HashSet<Guid>();
        if (spends.Length > 0)
        {
            var spendTokens = new NpgsqlBatchCommand(
                "INSERT INTO spent_tokens (token_id, expires_at) SELECT * FROM unnest($1::uuid[], $2::bigint[]) ON CONFLICT DO NOTHING RETURNING token_id");
            spendTokens.Parameters.Add(new() { Value = spends.Select(s => s.Id).ToArray() });
            spendTokens.Parameters.Add(new() { Value = spends.Select(s => s.SpendExpiresAt.ToUnixTimeMilliseconds()).ToArray() });
            await using var spend = new NpgsqlBatch(connection) { BatchCommands = { new NpgsqlBatchCommand("BEGIN"), spendTokens } };
            await using var reader = await spend.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                inserted.Add(reader.GetGuid(0));
            }
        }

        var n = batch.Count;
        var projects = new string[n];
        var ids = new string[n];
        var keys = new string?[n];
        var created = new long[n];
        var days = new int[n];
        var actions = new string?[n];
        var hosts = new string?[n];
        var scores = new float[n];
        var valid = new bool[n];
        var reasons = new int[n];
        var responses = new string[n];
        var features = new byte[]?[n];
        for (var i = 0; i < n; i++)
        {
            var item = batch[i];
            var record = item.Record;
            // The first item of the batch to name a token gets it; later ones, like other transactions, see it spent.
            if (item.SpendTokenId is { } tokenId && !inserted.Remove(tokenId))
            {
                record = item.OnDuplicate!();
            }

            item.Stored = record;
            projects[i] = record.ProjectId;
            ids[i] = record.AssessmentId;
            keys[i] = record.SiteKey;
            created[i] = record.CreateTime.ToUnixTimeMilliseconds();
            days[i] = StoredAnswer.DayNumber(record.CreateTime);
            actions[i] = record.Action;
            hosts[i] = record.Hostname;
            scores[i] = record.Score;
            valid[i] = record.Valid;
            reasons[i] = (int)record.InvalidReason;
            responses[i] = StoredAnswer.ToJson(record.Response);
            features[i] = record.Features;
        }

        var insert = new NpgsqlBatchCommand(
            """
            INSERT INTO assessments (project_id, id, site_key, create_time, day, action, hostname, score, valid, invalid_reason, response, features)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::int[], $6::text[], $7::text[], $8::real[], $9::boolean[], $10::int[], $11::text[], $12::bytea[])
            """);
        insert.Parameters.Add(new() { Value = projects });
        insert.Parameters.Add(new() { Value = ids });
        insert.Parameters.Add(new() { Value = keys, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        insert.Parameters.Add(new() { Value = created });
        insert.Parameters.Add(new() { Value = days });
        insert.Parameters.Add(new() { Value = actions, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        insert.Parameters.Add(new() { Value = hosts, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        insert.Parameters.Add(new() { Value = scores });
        insert.Parameters.Add(new() { Value = valid });
        insert.Parameters.Add(new() { Value = reasons });
        insert.Parameters.Add(new() { Value = responses });
        insert.Parameters.Add(new() { Value = features, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        await using var store = new NpgsqlBatch(connection) { BatchCommands = { insert } };
        if (spends.Length > 0)
        {
            // Without spends no BEGIN was sent: the INSERT alone is one atomic statement.
            store.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        }

        await store.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<AssessmentRecord?> GetAsync(string projectId, string assessmentId, CancellationToken cancellationToken)
    {
        await using var command = db.DataSource.CreateCommand(
            $"SELECT {StoredAnswer.Columns} FROM assessments WHERE project_id = $1 AND id = $2");
        command.Parameters.Add(new() { Value = projectId });
        command.Parameters.Add(new() { Value = assessmentId });
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
        await using var command = db.DataSource.CreateCommand(
            """
            INSERT INTO annotations (project_id, assessment_id, annotation, reasons, account_id, hashed_account_id, transaction_event, create_time)
            SELECT $1, $2, $3, $4, $5, $6, $7, $8
            WHERE EXISTS (SELECT 1 FROM assessments WHERE project_id = $1 AND id = $2)
            """);
        command.Parameters.Add(new() { Value = annotation.ProjectId });
        command.Parameters.Add(new() { Value = annotation.AssessmentId });
        command.Parameters.Add(new() { Value = (int)annotation.Annotation });
        command.Parameters.Add(new() { Value = StoredAnswer.ReasonsText(annotation.Reasons) });
        command.Parameters.Add(new() { Value = (object?)annotation.AccountId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (object?)annotation.HashedAccountId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bytea });
        command.Parameters.Add(new() { Value = (object?)annotation.TransactionEventJson ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = annotation.CreateTime.ToUnixTimeMilliseconds() });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<IReadOnlyList<ScoreCount>> GetScoreCountsAsync(string projectId, string siteKey, DateOnly since, DateTimeOffset settledBefore, CancellationToken cancellationToken)
    {
        var (firstDay, settledDay, firstHour, settledHour, liveFrom) = ScoreSummaryGrain.Ranges(since, settledBefore);
        await SummariseAsync(ScoreSummaryGrain.Day, projectId, siteKey, firstDay, settledDay, cancellationToken).ConfigureAwait(false);
        await SummariseAsync(ScoreSummaryGrain.Hour, projectId, siteKey, firstHour, settledHour, cancellationToken).ConfigureAwait(false);

        await using var command = db.DataSource.CreateCommand(
            """
            SELECT day, action, score, count FROM score_counts
            WHERE project_id = $2 AND site_key = $1 AND day >= $3 AND day < $4
            UNION ALL
            SELECT hour / 24 + $5, action, score, count FROM score_hour_counts
            WHERE project_id = $2 AND site_key = $1 AND hour >= $6 AND hour < $7
            UNION ALL
            SELECT day, COALESCE(action, ''), CAST(ROUND(score * 100) AS integer), COUNT(*)
            FROM assessments
            WHERE site_key = $1 AND create_time >= $8 AND project_id = $2 AND valid
            GROUP BY 1, 2, 3
            """);
        command.Parameters.Add(new() { Value = siteKey });
        command.Parameters.Add(new() { Value = projectId });
        command.Parameters.Add(new() { Value = firstDay });
        command.Parameters.Add(new() { Value = settledDay });
        command.Parameters.Add(new() { Value = ScoreSummaryGrain.Day.Offset });
        command.Parameters.Add(new() { Value = firstHour });
        command.Parameters.Add(new() { Value = settledHour });
        command.Parameters.Add(new() { Value = liveFrom });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var counts = new List<ScoreCount>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            counts.Add(new ScoreCount(DateOnly.FromDayNumber(reader.GetInt32(0)), reader.GetString(1), reader.GetInt32(2), reader.GetInt64(3)));
        }

        return counts;
    }

    public async Task<int> PruneScoreSummariesAsync(DateOnly before, int limit, CancellationToken cancellationToken)
    {
        // The counts first, in the same statement: a summary is never half gone.
        await using var command = db.DataSource.CreateCommand(
            """
            WITH doomed AS (
                DELETE FROM score_days WHERE (project_id, site_key, day) IN
                    (SELECT project_id, site_key, day FROM score_days WHERE day < $1 ORDER BY day LIMIT $2)
                RETURNING project_id, site_key, day),
            counts AS (
                DELETE FROM score_counts c USING doomed d
                WHERE c.project_id = d.project_id AND c.site_key = d.site_key AND c.day = d.day),
            doomed_hours AS (
                DELETE FROM score_hours WHERE (project_id, site_key, hour) IN
                    (SELECT project_id, site_key, hour FROM score_hours WHERE hour < $3 ORDER BY hour LIMIT $2)
                RETURNING project_id, site_key, hour),
            hour_counts AS (
                DELETE FROM score_hour_counts c USING doomed_hours d
                WHERE c.project_id = d.project_id AND c.site_key = d.site_key AND c.hour = d.hour)
            SELECT (SELECT COUNT(*) FROM doomed) + (SELECT COUNT(*) FROM doomed_hours)
            """);
        command.Parameters.Add(new() { Value = before.DayNumber });
        command.Parameters.Add(new() { Value = limit });
        command.Parameters.Add(new() { Value = ScoreSummaryGrain.FirstHourOf(before.DayNumber) });
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Marks the finished units (days or hours: <paramref name="grain"/>) in [<paramref name="first"/>,
    /// <paramref name="settled"/>) that have no summary yet and counts them, in one transaction: a unit
    /// whose mark another node is writing at that moment waits for that node's commit and then
    /// conflicts, so each is counted once. The usual call finds every unit marked already and inserts
    /// nothing (Npgsql sends the BEGIN with that statement: two round trips in all). The counting finds
    /// the key's assessments through <c>assessments_by_key_time</c> (days: only their hours with no hour
    /// summary, <see cref="CountDaysAsync"/>). Summarising days also drops the
    /// key's hour summaries of those days, which no call reads any more.
    /// </summary>
    private async Task SummariseAsync(ScoreSummaryGrain grain, string projectId, string siteKey, int first, int settled, CancellationToken cancellationToken)
    {
        if (settled <= first)
        {
            return;
        }

        await using var connection = await db.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var units = new List<int>();
        await using (var mark = new NpgsqlCommand(
            $"""
            INSERT INTO {grain.Marks} (project_id, site_key, {grain.Column})
            SELECT $1, $2, u FROM generate_series($3::integer, $4::integer - 1) AS u
            ON CONFLICT DO NOTHING RETURNING {grain.Column}
            """, connection, tx))
        {
            mark.Parameters.Add(new() { Value = projectId });
            mark.Parameters.Add(new() { Value = siteKey });
            mark.Parameters.Add(new() { Value = first });
            mark.Parameters.Add(new() { Value = settled });
            await using var reader = await mark.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                units.Add(reader.GetInt32(0));
            }
        }

        if (units.Count == 0)
        {
            // The usual call: every unit was marked already, nothing was written.
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        if (grain == ScoreSummaryGrain.Day)
        {
            await CountDaysAsync(connection, tx, projectId, siteKey, units, cancellationToken).ConfigureAwait(false);
            await using var superseded = new NpgsqlCommand(
                """
                WITH marks AS (DELETE FROM score_hours WHERE project_id = $1 AND site_key = $2 AND hour < $3)
                DELETE FROM score_hour_counts WHERE project_id = $1 AND site_key = $2 AND hour < $3
                """, connection, tx);
            superseded.Parameters.Add(new() { Value = projectId });
            superseded.Parameters.Add(new() { Value = siteKey });
            superseded.Parameters.Add(new() { Value = ScoreSummaryGrain.FirstHourOf(settled) });
            await superseded.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await using var count = new NpgsqlCommand(
                $"""
                INSERT INTO {grain.Counts} (project_id, site_key, {grain.Column}, action, score, count)
                SELECT $2, $1, u, action, score, COUNT(*)
                FROM (SELECT CAST(create_time / {grain.Milliseconds} + {grain.Offset} AS integer) AS u,
                        COALESCE(action, '') AS action, CAST(ROUND(score * 100) AS integer) AS score
                      FROM assessments
                      WHERE site_key = $1 AND create_time >= $4 AND create_time < $5 AND project_id = $2 AND valid) AS a
                WHERE u = ANY($3)
                GROUP BY u, action, score
                """, connection, tx);
            count.Parameters.Add(new() { Value = siteKey });
            count.Parameters.Add(new() { Value = projectId });
            count.Parameters.Add(new() { Value = units.ToArray() });
            count.Parameters.Add(new() { Value = grain.StartOf(units.Min()) });
            count.Parameters.Add(new() { Value = grain.StartOf(units.Max() + 1) });
            await count.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Counts the days just marked (<paramref name="days"/>): the hours that calls summarised while the
    /// day went on from those summaries, the others from their assessments. A key whose metrics are read
    /// during the day then has the day summarised from its 24 hour summaries instead of from a day of
    /// assessments (a million take about a second to count). The hour marks are read first and the
    /// counts of those hours only: an hour another node summarises meanwhile is counted from its
    /// assessments, once either way.
    /// </summary>
    private static async Task CountDaysAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string projectId, string siteKey, List<int> days, CancellationToken cancellationToken)
    {
        var firstHour = ScoreSummaryGrain.FirstHourOf(days.Min());
        var endHour = ScoreSummaryGrain.FirstHourOf(days.Max() + 1);
        var summarised = new HashSet<int>();
        await using (var marks = new NpgsqlCommand("SELECT hour FROM score_hours WHERE project_id = $1 AND site_key = $2 AND hour >= $3 AND hour < $4", connection, tx))
        {
            marks.Parameters.Add(new() { Value = projectId });
            marks.Parameters.Add(new() { Value = siteKey });
            marks.Parameters.Add(new() { Value = firstHour });
            marks.Parameters.Add(new() { Value = endHour });
            await using var reader = await marks.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                summarised.Add(reader.GetInt32(0));
            }
        }

        var dayHours = days.SelectMany(d => Enumerable.Range(ScoreSummaryGrain.FirstHourOf(d), 24)).ToList();
        var unsummarised = dayHours.Where(h => !summarised.Contains(h)).ToArray();
        await using var count = new NpgsqlCommand(
            $"""
            INSERT INTO score_counts (project_id, site_key, day, action, score, count)
            SELECT $2, $1, u, action, score, CAST(SUM(n) AS bigint)
            FROM (SELECT hour / 24 + {ScoreSummaryGrain.Day.Offset} AS u, action, score, count AS n
                  FROM score_hour_counts
                  WHERE project_id = $2 AND site_key = $1 AND hour = ANY($4)
                  UNION ALL
                  SELECT CAST(create_time / {ScoreSummaryGrain.Day.Milliseconds} + {ScoreSummaryGrain.Day.Offset} AS integer), COALESCE(action, ''), CAST(ROUND(score * 100) AS integer), 1
                  FROM assessments
                  WHERE site_key = $1 AND create_time >= $6 AND create_time < $7 AND project_id = $2 AND valid
                    AND CAST(create_time / {ScoreSummaryGrain.Hour.Milliseconds} AS integer) = ANY($5)) AS a
            WHERE u = ANY($3)
            GROUP BY u, action, score
            """, connection, tx);
        count.Parameters.Add(new() { Value = siteKey });
        count.Parameters.Add(new() { Value = projectId });
        count.Parameters.Add(new() { Value = days.ToArray() });
        count.Parameters.Add(new() { Value = dayHours.Where(summarised.Contains).ToArray() });
        count.Parameters.Add(new() { Value = unsummarised });
        count.Parameters.Add(new() { Value = unsummarised.Length == 0 ? 0L : ScoreSummaryGrain.Hour.StartOf(unsummarised.Min()) });
        count.Parameters.Add(new() { Value = unsummarised.Length == 0 ? 0L : ScoreSummaryGrain.Hour.StartOf(unsummarised.Max() + 1) });
        await count.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Oldest first through <c>assessments_by_create_time</c>: the ORDER BY keeps the planner on the
    /// index whatever it guesses about how many rows qualify (without it, a guess of many let it pick a
    /// sequential scan that, with none past the retention, read the whole table).
    /// </summary>
    public async Task<int> PruneAssessmentsAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken)
    {
        // Annotations go with their assessment (ON DELETE CASCADE).
        await using var command = db.DataSource.CreateCommand(
            "DELETE FROM assessments WHERE (project_id, id) IN (SELECT project_id, id FROM assessments WHERE create_time < $1 ORDER BY create_time LIMIT $2)");
        command.Parameters.Add(new() { Value = before.ToUnixTimeMilliseconds() });
        command.Parameters.Add(new() { Value = limit });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> PruneSpentTokensAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var command = db.DataSource.CreateCommand(
            "DELETE FROM spent_tokens WHERE token_id IN (SELECT token_id FROM spent_tokens WHERE expires_at < $1 ORDER BY expires_at LIMIT $2)");
        command.Parameters.Add(new() { Value = now.ToUnixTimeMilliseconds() });
        command.Parameters.Add(new() { Value = limit });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
