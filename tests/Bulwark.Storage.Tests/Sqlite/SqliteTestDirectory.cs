using Bulwark.Core.Assessments;
using Bulwark.Core.Protocol;
using Bulwark.Core.Storage;
using Bulwark.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Bulwark.Storage.Tests.Sqlite;

/// <summary>A temporary directory for a test's database files, deleted (pools cleared first) on dispose.</summary>
public sealed class SqliteTestDirectory(string prefix) : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>The SQLite storage services on a migrated database file of this directory.</summary>
    public async Task<ServiceProvider> OpenServicesAsync(string name)
    {
        var services = new ServiceCollection().AddSqliteStorage(File(name)).BuildServiceProvider();
        await services.GetRequiredService<IStoreMigrator>().MigrateAsync(default);
        return services;
    }

    /// <summary>The least an assessment record needs: a valid one in project <c>p</c>.</summary>
    public static AssessmentRecord Record(string id, byte[]? features = null) => new()
    {
        ProjectId = "p",
        AssessmentId = id,
        CreateTime = DateTimeOffset.UtcNow,
        Score = 0.9f,
        Valid = true,
        InvalidReason = InvalidReason.InvalidReasonUnspecified,
        Response = new Assessment { Name = $"projects/p/assessments/{id}" },
        Features = features,
    };

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Path, recursive: true);
    }
}
