using Bulwark.Core.Assessments;
using Bulwark.Core.Auth;
using Bulwark.Core.Keys;
using Bulwark.Core.Projects;
using Bulwark.Core.Tokens;
using Bulwark.Core.Velocity;
using Bulwark.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Bulwark.Storage.Tests.Sqlite;

public sealed class SqliteStoreTests : StoreContractTests, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bulwark-sqlite-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    protected override Task<StoreSet> CreateAsync() => OpenAsync(Path.Combine(_dir, $"{Guid.NewGuid():N}.db"));

    internal static async Task<StoreSet> OpenAsync(string path)
    {
        var sp = new ServiceCollection().AddSqliteStorage(path).BuildServiceProvider();
        await sp.GetRequiredService<SqliteDatabase>().MigrateAsync(default);
        return new StoreSet(
            sp.GetRequiredService<IProjectStore>(),
            sp.GetRequiredService<IApiKeyStore>(),
            sp.GetRequiredService<ISiteKeyStore>(),
            sp.GetRequiredService<ITokenKeyStore>(),
            sp.GetRequiredService<IAssessmentStore>(),
            sp.GetRequiredService<IVelocityStore>(),
            () => OpenAsync(path));
    }

    [Fact]
    public async Task Migrate_TwiceOnTheSameFile_IsHarmless()
    {
        var path = Path.Combine(_dir, "twice.db");
        await new SqliteDatabase(path).MigrateAsync(default);
        await new SqliteDatabase(path).MigrateAsync(default);
    }
}
