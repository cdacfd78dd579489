namespace Bulwark.Storage.Postgres;

/// <summary>Schema migrations, in order; schema_migrations records which have run. Never edit a shipped one: append.</summary>
internal static class PostgresSchema
{
    public static readonly IReadOnlyList<string> Migrations =
    [
        """
        CREATE TABLE projects (
            id text PRIMARY KEY,
            full_score_levels boolean NOT NULL,
            create_time bigint NOT NULL);

        CREATE TABLE api_keys (
            hash text PRIMARY KEY,
            project_id text NOT NULL REFERENCES projects(id),
            label text NOT NULL,
            create_time bigint NOT NULL);

        CREATE TABLE site_keys (
            key_id text PRIMARY KEY,
            project_id text NOT NULL REFERENCES projects(id),
            key_json text NOT NULL,
            legacy_secret_hash text NOT NULL UNIQUE,
            legacy_secret_wrapped bytea NOT NULL,
            legacy boolean NOT NULL);
        CREATE INDEX site_keys_by_project ON site_keys(project_id, key_id);

        CREATE TABLE token_keys (
            id integer PRIMARY KEY,
            wrapped bytea NOT NULL,
            created_at bigint NOT NULL,
            activates_at bigint NOT NULL);

        CREATE TABLE spent_tokens (
            token_id uuid PRIMARY KEY,
            expires_at bigint NOT NULL);
        CREATE INDEX spent_tokens_by_expiry ON spent_tokens(expires_at);

        CREATE TABLE assessments (
            project_id text NOT NULL,
            id text NOT NULL,
            site_key text,
            create_time bigint NOT NULL,
            day integer NOT NULL,
            action text,
            hostname text,
            score real NOT NULL,
            valid boolean NOT NULL,
            invalid_reason integer NOT NULL,
            response text NOT NULL,
            features text,
            PRIMARY KEY (project_id, id));
        CREATE INDEX assessments_by_key_day ON assessments(site_key, day);

        CREATE TABLE annotations (
            project_id text NOT NULL,
            assessment_id text NOT NULL,
            annotation integer NOT NULL,
            reasons text NOT NULL,
            account_id text,
            hashed_account_id bytea,
            transaction_event text,
            create_time bigint NOT NULL,
            FOREIGN KEY (project_id, assessment_id) REFERENCES assessments(project_id, id) ON DELETE CASCADE);
        CREATE INDEX annotations_by_assessment ON annotations(project_id, assessment_id);
        """,
        """
        CREATE TABLE velocity_buckets (
            key bigint NOT NULL,
            kind smallint NOT NULL,
            start bigint NOT NULL,
            count bigint NOT NULL,
            PRIMARY KEY (key, kind, start));
        CREATE INDEX velocity_buckets_by_start ON velocity_buckets(start);
        """,
        // Features become bytes with an encoding byte in front (StoredFeatures): new rows are Brotli,
        // compressed by the node rather than by the shared database; rows from before keep their JSON behind a 0.
        """
        ALTER TABLE assessments ALTER COLUMN features TYPE bytea
            USING CASE WHEN features IS NULL THEN NULL ELSE '\x00'::bytea || convert_to(features, 'UTF8') END;
        """,
        // Behaviour models imported by the operator, shared by every node (IBehaviourModelStore).
        """
        CREATE TABLE behaviour_models (
            version text PRIMARY KEY,
            parameters text NOT NULL,
            created_at bigint NOT NULL,
            activated_at bigint);
        """,
        // The retention pruner finds the oldest assessments through this index instead of reading the
        // whole table every few minutes (docs/performance.md, tenth round). Appended to at the right
        // edge like the primary key, since creation times grow. Built once, at the upgrade, with writes
        // to the table held meanwhile (a seq scan of it).
        """
        CREATE INDEX assessments_by_create_time ON assessments (create_time);
        """,
        // getMetrics' summaries of finished days: each day of a key is counted from its assessments
        // once (score_days says which are), then read from here.
        """
        CREATE TABLE score_days (
            project_id text NOT NULL,
            site_key text NOT NULL,
            day integer NOT NULL,
            PRIMARY KEY (project_id, site_key, day));
        CREATE INDEX score_days_by_day ON score_days (day);
        CREATE TABLE score_counts (
            project_id text NOT NULL,
            site_key text NOT NULL,
            day integer NOT NULL,
            action text NOT NULL,
            score integer NOT NULL,
            count bigint NOT NULL,
            PRIMARY KEY (project_id, site_key, day, action, score));
        """,
        // getMetrics' summaries of the finished hours of the day not finished yet, so that a call reads
        // the last hour's assessments rather than the whole day's (ScoreSummaryGrain); the assessments
        // of a key are found by creation time instead of by day, which covers both grains. Built once,
        // at the upgrade, with writes to the table held meanwhile (a seq scan of it).
        """
        CREATE INDEX assessments_by_key_time ON assessments(site_key, create_time);
        DROP INDEX assessments_by_key_day;
        CREATE TABLE score_hours (
            project_id text NOT NULL,
            site_key text NOT NULL,
            hour integer NOT NULL,
            PRIMARY KEY (project_id, site_key, hour));
        CREATE INDEX score_hours_by_hour ON score_hours (hour);
        CREATE TABLE score_hour_counts (
            project_id text NOT NULL,
            site_key text NOT NULL,
            hour integer NOT NULL,
            action text NOT NULL,
            score integer NOT NULL,
            count bigint NOT NULL,
            PRIMARY KEY (project_id, site_key, hour, action, score));
        """,
    ];
}
