using System.Data.Common;
using Bulwark.Core.Storage;
using Npgsql;

namespace Bulwark.Storage.Postgres;

/// <summary>The shared database of a multi-node deployment: one data source, schema migrations.</summary>
public sealed class PostgresDatabase : IStoreMigrator, IAsyncDisposable
{
    /// <summary>Arbitrary, fixed: serialises migrations when several nodes start at once.</summary>
    private const long MigrationLockId = 0x42_75_6c_77_61_72_6b;

    /// <summary>Statements each pooled connection keeps prepared unless the connection string says otherwise.</summary>
    internal const int DefaultMaxAutoPrepare = 32;

    public PostgresDatabase(string connectionString)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        DataSource = NpgsqlDataSource.Create(WithDefaults(connectionString));
    }

    /// <summary>
    /// Npgsql prepares nothing by default, so PostgreSQL parsed and planned the hot path's few
    /// statements on every batch: a seventh of its CPU under load (docs/performance.md).
    /// With automatic preparation each pooled connection prepares a statement once it has run
    /// a few times.
    /// </summary>
    internal static string WithDefaults(string connectionString)
    {
        // Npgsql's builder answers ContainsKey for every keyword it knows; the plain one only for
        // those the string sets ("Max Auto Prepare" or "MaxAutoPrepare", in any case).
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (given.Keys.Cast<string>().Any(k => k.Replace(" ", "", StringComparison.Ordinal).Equals("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase)))
        {
            return connectionString;
        }

        return new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = DefaultMaxAutoPrepare }.ConnectionString;
    }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>Creates the schema or brings it up to date; safe to run on every start, on many nodes at once.</summary>
    public Task MigrateAsync(CancellationToken cancellationToken) => MigrateAsync(PostgresSchema.Migrations.Count, cancellationToken);

    /// <summary>Runs the migrations up to <paramref name="target"/> only: for upgrade tests.</summary>
    internal async Task MigrateAsync(int target, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({MigrationLockId}); CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());", connection, tx))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        int current;
        await using (var versionCommand = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", connection, tx))
        {
            current = (int)(await versionCommand.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        for (var version = current + 1; version <= target; version++)
        {
            await using var migrate = new NpgsqlCommand(PostgresSchema.Migrations[version - 1] + $"\nINSERT INTO schema_migrations (version) VALUES ({version});", connection, tx);
            await migrate.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
