namespace Bulwark.Storage.Sqlite;

/// <summary>Schema migrations, in order; PRAGMA user_version records how many have run. Never edit a shipped one: append.</summary>
internal static class SqliteSchema
{
    public static readonly IReadOnlyList<string> Migrations =
    [
        """
        CREATE TABLE projects (
            id TEXT PRIMARY KEY,
            full_score_levels INTEGER NOT NULL,
            create_time INTEGER NOT NULL);

        CREATE TABLE api_keys (
            hash TEXT PRIMARY KEY,
            project_id TEXT NOT NULL REFERENCES projects(id),
            label TEXT NOT NULL,
            create_time INTEGER NOT NULL);

        CREATE TABLE site_keys (
            key_id TEXT PRIMARY KEY,
            project_id TEXT NOT NULL REFERENCES projects(id),
            key_json TEXT NOT NULL,
            legacy_secret_hash TEXT NOT NULL UNIQUE,
            legacy_secret_wrapped BLOB NOT NULL,
            legacy INTEGER NOT NULL);
        CREATE INDEX site_keys_by_project ON site_keys(project_id, key_id);

        CREATE TABLE token_keys (
            id INTEGER PRIMARY KEY,
            wrapped BLOB NOT NULL,
            created_at INTEGER NOT NULL,
            activates_at INTEGER NOT NULL);

        CREATE TABLE spent_tokens (
            token_id BLOB PRIMARY KEY,
            expires_at INTEGER NOT NULL) WITHOUT ROWID;
        CREATE INDEX spent_tokens_by_expiry ON spent_tokens(expires_at);

        CREATE TABLE assessments (
            project_id TEXT NOT NULL,
            id TEXT NOT NULL,
            site_key TEXT,
            create_time INTEGER NOT NULL,
            day INTEGER NOT NULL,
            action TEXT,
            hostname TEXT,
            score REAL NOT NULL,
            valid INTEGER NOT NULL,
            invalid_reason INTEGER NOT NULL,
            response TEXT NOT NULL,
            features TEXT,
            PRIMARY KEY (project_id, id));
        CREATE INDEX assessments_by_key_day ON assessments(site_key, day);

        CREATE TABLE annotations (
            project_id TEXT NOT NULL,
            assessment_id TEXT NOT NULL,
            annotation INTEGER NOT NULL,
            reasons TEXT NOT NULL,
            account_id TEXT,
            hashed_account_id BLOB,
            transaction_event TEXT,
            create_time INTEGER NOT NULL,
            FOREIGN KEY (project_id, assessment_id) REFERENCES assessments(project_id, id));
        CREATE INDEX annotations_by_assessment ON annotations(project_id, assessment_id);
        """,
        """
        CREATE TABLE velocity_buckets (
            key INTEGER NOT NULL,
            kind INTEGER NOT NULL,
            start INTEGER NOT NULL,
            count INTEGER NOT NULL,
            PRIMARY KEY (key, kind, start)) WITHOUT ROWID;
        CREATE INDEX velocity_buckets_by_start ON velocity_buckets(start);
        """,
        // Spent token ids become big-endian (RFC 4122 order) so time-ordered (version 7) ids append
        // to the index instead of landing on a random page; ids spent before the upgrade are converted.
        """
        CREATE TABLE spent_tokens_rfc (
            token_id BLOB PRIMARY KEY,
            expires_at INTEGER NOT NULL) WITHOUT ROWID;
        INSERT INTO spent_tokens_rfc (token_id, expires_at)
            SELECT unhex(substr(h, 7, 2) || substr(h, 5, 2) || substr(h, 3, 2) || substr(h, 1, 2)
                || substr(h, 11, 2) || substr(h, 9, 2) || substr(h, 15, 2) || substr(h, 13, 2) || substr(h, 17)), expires_at
            FROM (SELECT hex(token_id) AS h, expires_at FROM spent_tokens);
        DROP TABLE spent_tokens;
        ALTER TABLE spent_tokens_rfc RENAME TO spent_tokens;
        CREATE INDEX spent_tokens_by_expiry ON spent_tokens(expires_at);
        """,
        // Features become bytes with an encoding byte in front (StoredFeatures): new rows are Brotli,
        // rows from before keep their JSON behind a 0.
        """
        UPDATE assessments SET features = unhex('00' || hex(features)) WHERE typeof(features) = 'text';
        """,
        // Behaviour models imported by the operator (IBehaviourModelStore).
        """
        CREATE TABLE behaviour_models (
            version TEXT PRIMARY KEY,
            parameters TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            activated_at INTEGER);
        """,
        // getMetrics' summaries of finished days: each day of a key is counted from its assessments
        // once (score_days says which are), then read from here.
        """
        CREATE TABLE score_days (
            project_id TEXT NOT NULL,
            site_key TEXT NOT NULL,
            day INTEGER NOT NULL,
            PRIMARY KEY (project_id, site_key, day)) WITHOUT ROWID;
        CREATE INDEX score_days_by_day ON score_days (day);
        CREATE TABLE score_counts (
            project_id TEXT NOT NULL,
            site_key TEXT NOT NULL,
            day INTEGER NOT NULL,
            action TEXT NOT NULL,
            score INTEGER NOT NULL,
            count INTEGER NOT NULL,
            PRIMARY KEY (project_id, site_key, day, action, score)) WITHOUT ROWID;
        """,
        // getMetrics' summaries of the finished hours of the day not finished yet, so that a call reads
        // the last hour's assessments rather than the whole day's (ScoreSummaryGrain); the assessments
        // of a key are found by creation time instead of by day, which covers both grains. Building the
        // index reads the table once, at the upgrade.
        """
        CREATE INDEX assessments_by_key_time ON assessments(site_key, create_time);
        DROP INDEX assessments_by_key_day;
        CREATE TABLE score_hours (
            project_id TEXT NOT NULL,
            site_key TEXT NOT NULL,
            hour INTEGER NOT NULL,
            PRIMARY KEY (project_id, site_key, hour)) WITHOUT ROWID;
        CREATE INDEX score_hours_by_hour ON score_hours (hour);
        CREATE TABLE score_hour_counts (
            project_id TEXT NOT NULL,
            site_key TEXT NOT NULL,
            hour INTEGER NOT NULL,
            action TEXT NOT NULL,
            score INTEGER NOT NULL,
            count INTEGER NOT NULL,
            PRIMARY KEY (project_id, site_key, hour, action, score)) WITHOUT ROWID;
        """,
    ];
}
