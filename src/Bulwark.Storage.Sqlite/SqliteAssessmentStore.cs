using System.Globalization;
using System.Text.Json;
using Bulwark.Core.Assessments;
using Bulwark.Core.Protocol;
using Microsoft.Data.Sqlite;

namespace Bulwark.Storage.Sqlite;

internal sealed class SqliteAssessmentStore(SqliteDatabase db) : IAssessmentStore, IDisposable
{
    private readonly Lock _writerLock = new();
    private BatchWriter? _writer;

    /// <summary>
    /// Runs synchronously on the caller's thread (SQLite's API is synchronous underneath the async
    /// one): the group-commit writer calls this from its own thread, on one connection kept open
    /// with its statements prepared once.
    /// </summary>
    public Task CommitBatchAsync(IReadOnlyList<AssessmentCommit> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        lock (_writerLock)
        {
            _writer ??= new BatchWriter(db.Open());
            if (db.WalRestartWanted)
            {
                // Between batches, so only requests that arrive meanwhile wait for it.
                db.WalRestartWanted = !_writer.CheckpointForRestart();
            }

            db.EnterWrite();
            try
            {
                _writer.Commit(batch);
            }
            catch
            {
                // Start the next batch on a fresh connection rather than one in an unknown state.
                _writer.Dispose();
                _writer = null;
                throw;
            }
            finally
            {
                db.ExitWrite();
            }
        }

        return Task.CompletedTask;
    }

    public void Dispose()
    {
        lock (_writerLock)
        {
            _writer?.Dispose();
            _writer = null;
        }
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
        await using var write = await db.OpenForWriteAsync(cancellationToken).ConfigureAwait(false);
        var connection = write.Connection;
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

    public async Task<IReadOnlyList<ScoreCount>> GetScoreCountsAsync(string projectId, string siteKey, DateOnly since, DateTimeOffset settledBefore, CancellationToken cancellationToken)
    {
        var (firstDay, settledDay, firstHour, settledHour, liveFrom) = ScoreSummaryGrain.Ranges(since, settledBefore);
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await SummariseMissingAsync(connection, ScoreSummaryGrain.Day, projectId, siteKey, firstDay, settledDay, cancellationToken).ConfigureAwait(false);
        await SummariseMissingAsync(connection, ScoreSummaryGrain.Hour, projectId, siteKey, firstHour, settledHour, cancellationToken).ConfigureAwait(false);

        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT day, action, score, count FROM score_counts
            WHERE project_id = $project AND site_key = $key AND day >= $firstDay AND day < $settledDay
            UNION ALL
            SELECT hour / 24 + $epochDay, action, score, count FROM score_hour_counts
            WHERE project_id = $project AND site_key = $key AND hour >= $firstHour AND hour < $settledHour
            UNION ALL
            SELECT day, COALESCE(action, ''), CAST(ROUND(score * 100) AS INTEGER), COUNT(*)
            FROM assessments
            WHERE site_key = $key AND create_time >= $liveFrom AND project_id = $project AND valid = 1
            GROUP BY 1, 2, 3
            """;
        command.Parameters.AddWithValue("$project", projectId);
        command.Parameters.AddWithValue("$key", siteKey);
        command.Parameters.AddWithValue("$firstDay", firstDay);
        command.Parameters.AddWithValue("$settledDay", settledDay);
        command.Parameters.AddWithValue("$epochDay", ScoreSummaryGrain.Day.Offset);
        command.Parameters.AddWithValue("$firstHour", firstHour);
        command.Parameters.AddWithValue("$settledHour", settledHour);
        command.Parameters.AddWithValue("$liveFrom", liveFrom);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var counts = new List<ScoreCount>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            counts.Add(new ScoreCount(DateOnly.FromDayNumber(reader.GetInt32(0)), reader.GetString(1), reader.GetInt32(2), reader.GetInt64(3)));
        }

        return counts;
    }

    public async Task<int> PruneScoreSummariesAsync(DateOnly before, int limit, CancellationToken cancellationToken) =>
        await PruneSummariesAsync(ScoreSummaryGrain.Day, before.DayNumber, limit, cancellationToken).ConfigureAwait(false)
        + await PruneSummariesAsync(ScoreSummaryGrain.Hour, ScoreSummaryGrain.FirstHourOf(before.DayNumber), limit, cancellationToken).ConfigureAwait(false);

    /// <summary>Forgets up to <paramref name="limit"/> summaries of <paramref name="grain"/> before unit <paramref name="before"/>: marks and counts together.</summary>
    private Task<int> PruneSummariesAsync(ScoreSummaryGrain grain, int before, int limit, CancellationToken cancellationToken) =>
        DeleteChunkAsync(
            $"""
            CREATE TEMP TABLE IF NOT EXISTS doomed_{grain.Column}s (project_id TEXT, site_key TEXT, unit INTEGER);
            DELETE FROM doomed_{grain.Column}s;
            INSERT INTO doomed_{grain.Column}s SELECT project_id, site_key, {grain.Column} FROM {grain.Marks} WHERE {grain.Column} < $before ORDER BY {grain.Column} LIMIT $limit;
            DELETE FROM {grain.Counts} WHERE (project_id, site_key, {grain.Column}) IN (SELECT project_id, site_key, unit FROM doomed_{grain.Column}s);
            DELETE FROM {grain.Marks} WHERE (project_id, site_key, {grain.Column}) IN (SELECT project_id, site_key, unit FROM doomed_{grain.Column}s);
            """,
            before,
            limit,
            cancellationToken);

    /// <summary>
    /// Counts the finished units (days or hours: <paramref name="grain"/>) in [<paramref name="first"/>,
    /// <paramref name="settled"/>) that have no summary yet, each range of them in one read through
    /// <c>assessments_by_key_time</c> (days: only their hours with no hour summary,
    /// <see cref="CountDaysAsync"/>), then stores the counts and marks the units (those with no
    /// assessments too) in one write transaction. The counting reads outside the write lock: a
    /// finished unit's assessments do not change, and every request's commit waits for that lock (a
    /// million assessments take seconds to count). Summarising days also drops the key's hour
    /// summaries of those days, which no call reads any more.
    /// </summary>
    private async Task SummariseMissingAsync(SqliteConnection connection, ScoreSummaryGrain grain, string projectId, string siteKey, int first, int settled, CancellationToken cancellationToken)
    {
        if (settled <= first)
        {
            return;
        }

        var done = await SummarisedAsync(connection, null, grain, projectId, siteKey, first, settled, cancellationToken).ConfigureAwait(false);
        if (done.Count == settled - first)
        {
            return;
        }

        var counted = new List<(int Unit, string Action, int Score, long Count)>();
        var missing = new List<int>();
        foreach (var (start, end) in Gaps(first, settled, done))
        {
            missing.AddRange(Enumerable.Range(start, end - start));
            if (grain == ScoreSummaryGrain.Day)
            {
                await CountDaysAsync(connection, projectId, siteKey, start, end, counted, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await CountAssessmentsAsync(connection, null, grain, projectId, siteKey, grain.StartOf(start), grain.StartOf(end), counted, cancellationToken).ConfigureAwait(false);
            }
        }

        // A day counted from hour summaries and from assessments has rows of both to add up.
        counted = [.. counted.GroupBy(c => (c.Unit, c.Action, c.Score)).Select(g => (g.Key.Unit, g.Key.Action, g.Key.Score, g.Sum(c => c.Count)))];

        await using var write = await db.OpenForWriteAsync(cancellationToken).ConfigureAwait(false);
        var writer = write.Connection;
        await using var tx = writer.BeginTransaction(deferred: false);
        // Again inside the transaction: another request may have summarised some of them meanwhile.
        var doneNow = await SummarisedAsync(writer, tx, grain, projectId, siteKey, first, settled, cancellationToken).ConfigureAwait(false);
        await using var mark = writer.CreateCommand();
        mark.Transaction = tx;
        mark.CommandText = $"INSERT INTO {grain.Marks} (project_id, site_key, {grain.Column}) VALUES ($project, $key, $unit)";
        mark.Parameters.AddWithValue("$project", projectId);
        mark.Parameters.AddWithValue("$key", siteKey);
        var markUnit = mark.Parameters.AddWithValue("$unit", 0);
        foreach (var unit in missing.Where(u => !doneNow.Contains(u)))
        {
            markUnit.Value = unit;
            await mark.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var store = writer.CreateCommand();
        store.Transaction = tx;
        store.CommandText = $"INSERT INTO {grain.Counts} (project_id, site_key, {grain.Column}, action, score, count) VALUES ($project, $key, $unit, $action, $score, $count)";
        store.Parameters.AddWithValue("$project", projectId);
        store.Parameters.AddWithValue("$key", siteKey);
        var storeUnit = store.Parameters.AddWithValue("$unit", 0);
        var action = store.Parameters.AddWithValue("$action", string.Empty);
        var score = store.Parameters.AddWithValue("$score", 0);
        var number = store.Parameters.AddWithValue("$count", 0L);
        foreach (var c in counted.Where(c => !doneNow.Contains(c.Unit)))
        {
            storeUnit.Value = c.Unit;
            action.Value = c.Action;
            score.Value = c.Score;
            number.Value = c.Count;
            await store.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (grain == ScoreSummaryGrain.Day)
        {
            await using var superseded = writer.CreateCommand();
            superseded.Transaction = tx;
            superseded.CommandText = """
                DELETE FROM score_hour_counts WHERE project_id = $project AND site_key = $key AND hour < $hour;
                DELETE FROM score_hours WHERE project_id = $project AND site_key = $key AND hour < $hour;
                """;
            superseded.Parameters.AddWithValue("$project", projectId);
            superseded.Parameters.AddWithValue("$key", siteKey);
            superseded.Parameters.AddWithValue("$hour", ScoreSummaryGrain.FirstHourOf(settled));
            await superseded.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Counts days [<paramref name="first"/>, <paramref name="end"/>): the hours that calls summarised
    /// while the day went on from those summaries, the others from their assessments. A key whose
    /// metrics are read during the day then has the day summarised from its 24 hour summaries instead
    /// of from a day of assessments (a million take seconds to count). One read transaction, so that
    /// the hour marks and counts are read as of one moment, whatever another caller commits meanwhile.
    /// </summary>
    private static async Task CountDaysAsync(SqliteConnection connection, string projectId, string siteKey, int first, int end, List<(int Unit, string Action, int Score, long Count)> counted, CancellationToken cancellationToken)
    {
        var firstHour = ScoreSummaryGrain.FirstHourOf(first);
        var endHour = ScoreSummaryGrain.FirstHourOf(end);
        await using var read = connection.BeginTransaction(deferred: true);
        var summarised = await SummarisedAsync(connection, read, ScoreSummaryGrain.Hour, projectId, siteKey, firstHour, endHour, cancellationToken).ConfigureAwait(false);
        if (summarised.Count > 0)
        {
            await using var hours = connection.CreateCommand();
            hours.Transaction = read;
            hours.CommandText = """
                SELECT hour / 24 + $epochDay, action, score, SUM(count) FROM score_hour_counts
                WHERE project_id = $project AND site_key = $key AND hour >= $first AND hour < $end
                GROUP BY 1, 2, 3
                """;
            hours.Parameters.AddWithValue("$project", projectId);
            hours.Parameters.AddWithValue("$key", siteKey);
            hours.Parameters.AddWithValue("$epochDay", ScoreSummaryGrain.Day.Offset);
            hours.Parameters.AddWithValue("$first", firstHour);
            hours.Parameters.AddWithValue("$end", endHour);
            await ReadCountsAsync(hours, counted, cancellationToken).ConfigureAwait(false);
        }

        foreach (var (from, to) in Gaps(firstHour, endHour, summarised))
        {
            await CountAssessmentsAsync(connection, read, ScoreSummaryGrain.Day, projectId, siteKey, ScoreSummaryGrain.Hour.StartOf(from), ScoreSummaryGrain.Hour.StartOf(to), counted, cancellationToken).ConfigureAwait(false);
        }

        await read.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Counts the key's valid assessments created in [<paramref name="from"/>, <paramref name="to"/>) by unit of <paramref name="grain"/>, action and score, through <c>assessments_by_key_time</c>.</summary>
    private static async Task CountAssessmentsAsync(SqliteConnection connection, SqliteTransaction? tx, ScoreSummaryGrain grain, string projectId, string siteKey, long from, long to, List<(int Unit, string Action, int Score, long Count)> counted, CancellationToken cancellationToken)
    {
        await using var count = connection.CreateCommand();
        count.Transaction = tx;
        count.CommandText = $"""
            SELECT create_time / {grain.Milliseconds} + {grain.Offset}, COALESCE(action, ''), CAST(ROUND(score * 100) AS INTEGER), COUNT(*)
            FROM assessments
            WHERE site_key = $key AND create_time >= $from AND create_time < $to AND project_id = $project AND valid = 1
            GROUP BY 1, 2, 3
            """;
        count.Parameters.AddWithValue("$project", projectId);
        count.Parameters.AddWithValue("$key", siteKey);
        count.Parameters.AddWithValue("$from", from);
        count.Parameters.AddWithValue("$to", to);
        await ReadCountsAsync(count, counted, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The runs [Start, End) of units in [<paramref name="first"/>, <paramref name="end"/>) that <paramref name="present"/> lacks, so that each run is counted in one read.</summary>
    private static IEnumerable<(int Start, int End)> Gaps(int first, int end, HashSet<int> present)
    {
        for (var start = first; start < end; start++)
        {
            if (present.Contains(start))
            {
                continue;
            }

            var stop = start + 1;
            while (stop < end && !present.Contains(stop))
            {
                stop++;
            }

            yield return (start, stop);
            start = stop;
        }
    }

    private static async Task ReadCountsAsync(SqliteCommand command, List<(int Unit, string Action, int Score, long Count)> counted, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            counted.Add((reader.GetInt32(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt64(3)));
        }
    }

    private static async Task<HashSet<int>> SummarisedAsync(SqliteConnection connection, SqliteTransaction? tx, ScoreSummaryGrain grain, string projectId, string siteKey, int first, int settled, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = $"SELECT {grain.Column} FROM {grain.Marks} WHERE project_id = $project AND site_key = $key AND {grain.Column} >= $first AND {grain.Column} < $settled";
        command.Parameters.AddWithValue("$project", projectId);
        command.Parameters.AddWithValue("$key", siteKey);
        command.Parameters.AddWithValue("$first", first);
        command.Parameters.AddWithValue("$settled", settled);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var units = new HashSet<int>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            units.Add(reader.GetInt32(0));
        }

        return units;
    }

    /// <summary>
    /// Looks only at the <paramref name="limit"/> oldest rows by rowid, which SQLite hands out in
    /// insertion order (the largest so far plus one, and pruning never deletes the largest), so the
    /// transaction reads a chunk, not the table: with no index on <c>create_time</c>, asking the whole
    /// table for rows past the retention read all of it while holding the write lock every request's
    /// commit waits for (1.4 s for 2 million assessments, docs/performance.md, tenth round). Rows stored
    /// out of order (a clock set back) are still found, unless <paramref name="limit"/> younger rows
    /// come before them; they go once those have aged past the retention.
    /// </summary>
    public Task<int> PruneAssessmentsAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken) =>
        DeleteChunkAsync(
            """
            CREATE TEMP TABLE IF NOT EXISTS doomed (project_id TEXT, id TEXT);
            DELETE FROM doomed;
            INSERT INTO doomed SELECT project_id, id
                FROM (SELECT project_id, id, create_time FROM assessments ORDER BY rowid LIMIT $limit)
                WHERE create_time < $before;
            DELETE FROM annotations WHERE (project_id, assessment_id) IN (SELECT project_id, id FROM doomed);
            DELETE FROM assessments WHERE (project_id, id) IN (SELECT project_id, id FROM doomed);
            """,
            before.ToUnixTimeMilliseconds(),
            limit,
            cancellationToken);

    /// <summary>
    /// A chunk delete in one write transaction: <paramref name="sql"/> picks the doomed rows (with
    /// <c>$before</c> and <c>$limit</c>) into a temporary table and deletes them, the rows its last
    /// statement deletes are counted.
    /// </summary>
    private async Task<int> DeleteChunkAsync(string sql, long before, int limit, CancellationToken cancellationToken)
    {
        await using var write = await db.OpenForWriteAsync(cancellationToken).ConfigureAwait(false);
        var connection = write.Connection;
        await using var tx = connection.BeginTransaction(deferred: false);
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql + "\nSELECT changes();";
        command.Parameters.AddWithValue("$before", before);
        command.Parameters.AddWithValue("$limit", limit);
        var deleted = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return deleted;
    }

    public async Task<int> PruneSpentTokensAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var write = await db.OpenForWriteAsync(cancellationToken).ConfigureAwait(false);
        var connection = write.Connection;
        await using var command = connection.CreateCommand();
        command.CommandText = """
            DELETE FROM spent_tokens WHERE token_id IN
                (SELECT token_id FROM spent_tokens WHERE expires_at < $now ORDER BY expires_at LIMIT $limit)
            """;
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$limit", limit);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The writer's own connection and prepared statements.</summary>
    private sealed class BatchWriter : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteCommand _begin;
        private readonly SqliteCommand _commit;
        private readonly SqliteCommand _spend;
        private readonly SqliteParameter _spendId;
        private readonly SqliteParameter _spendExpires;
        private readonly SqliteCommand _insert;
        private readonly SqliteParameter[] _p;
        private readonly byte[] _tokenId = new byte[16];

        private static readonly string[] InsertParameters =
            ["$project", "$id", "$key", "$created", "$day", "$action", "$hostname", "$score", "$valid", "$reason", "$response", "$features"];

        public BatchWriter(SqliteConnection connection)
        {
            _connection = connection;
            // A log that grew long (a burst, a reader holding it) is cut back once it starts over: to 256 MB,
            // four times the restart mark, so that in steady state the file keeps its blocks and a commit
            // overwrites them instead of allocating new ones (which would cost its fsync a journal commit).
            using (var limit = Prepare($"PRAGMA journal_size_limit = {SqliteCheckpointer.RestartFrames * 4096 * 4}"))
            {
                limit.ExecuteNonQuery();
            }

            // Immediate: take the write lock up front rather than upgrading mid-batch.
            _begin = Prepare("BEGIN IMMEDIATE");
            _commit = Prepare("COMMIT");
            _spend = Prepare("INSERT INTO spent_tokens (token_id, expires_at) VALUES ($id, $expires) ON CONFLICT DO NOTHING");
            _spendId = _spend.Parameters.Add("$id", SqliteType.Blob);
            _spendExpires = _spend.Parameters.Add("$expires", SqliteType.Integer);
            _insert = Prepare("""
                INSERT INTO assessments (project_id, id, site_key, create_time, day, action, hostname, score, valid, invalid_reason, response, features)
                VALUES ($project, $id, $key, $created, $day, $action, $hostname, $score, $valid, $reason, $response, $features)
                """);
            _p = InsertParameters.Select(name => _insert.Parameters.Add(name, SqliteType.Text)).ToArray();
            _spend.Prepare();
            _insert.Prepare();
        }

        /// <summary>
        /// Copies the frames the background checkpoint has not (a batch or two): with none left, the next
        /// write transaction starts the log from its beginning. False when another checkpoint was running.
        /// </summary>
        public bool CheckpointForRestart() =>
            SQLitePCL.raw.sqlite3_wal_checkpoint_v2(_connection.Handle, "main", SQLitePCL.raw.SQLITE_CHECKPOINT_PASSIVE, out _, out _) != SQLitePCL.raw.SQLITE_BUSY;

        public void Commit(IReadOnlyList<AssessmentCommit> batch)
        {
            _begin.ExecuteNonQuery();
            try
            {
                foreach (var item in batch)
                {
                    var record = item.Record;
                    if (item.SpendTokenId is { } tokenId)
                    {
                        tokenId.TryWriteBytes(_tokenId, bigEndian: true, out _);
                        _spendId.Value = _tokenId;
                        _spendExpires.Value = item.SpendExpiresAt.ToUnixTimeMilliseconds();
                        if (_spend.ExecuteNonQuery() == 0)
                        {
                            record = item.OnDuplicate!();
                        }
                    }

                    var p = _p;
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
                    p[11].Value = (object?)record.Features ?? DBNull.Value;
                    _insert.ExecuteNonQuery();
                    item.Stored = record;
                }

                _commit.ExecuteNonQuery();
            }
            catch
            {
                if (SQLitePCL.raw.sqlite3_get_autocommit(_connection.Handle) == 0)
                {
                    using var rollback = _connection.CreateCommand();
                    rollback.CommandText = "ROLLBACK";
                    rollback.ExecuteNonQuery();
                }

                throw;
            }
        }

        public void Dispose()
        {
            _begin.Dispose();
            _commit.Dispose();
            _spend.Dispose();
            _insert.Dispose();
            _connection.Dispose();
        }

        private SqliteCommand Prepare(string sql)
        {
            var command = _connection.CreateCommand();
            command.CommandText = sql;
            return command;
        }
    }
}
