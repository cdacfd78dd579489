using Bulwark.Core.Assessments;
using Bulwark.Core.Auth;
using Bulwark.Core.Keys;
using Bulwark.Core.Projects;
using Bulwark.Core.Scoring;
using Bulwark.Core.Storage;
using Bulwark.Core.Tokens;
using Bulwark.Core.Velocity;
using Microsoft.Extensions.DependencyInjection;

namespace Bulwark.Storage.Sqlite;

public static class SqliteStorageExtensions
{
    /// <summary>Registers every store on one SQLite file.</summary>
    public static IServiceCollection AddSqliteStorage(this IServiceCollection services, string databasePath)
    {
        var database = new SqliteDatabase(databasePath);
        services.AddSingleton(database);
        services.AddSingleton<IStoreMigrator>(database);
        services.AddSingleton<IStoreFaults, SqliteFaults>();
        services.AddSingleton<IProjectStore, SqliteProjectStore>();
        services.AddSingleton<IApiKeyStore, SqliteApiKeyStore>();
        services.AddSingleton<ISiteKeyStore, SqliteSiteKeyStore>();
        services.AddSingleton<ITokenKeyStore, SqliteTokenKeyStore>();
        services.AddSingleton<IBehaviourModelStore, SqliteBehaviourModelStore>();
        services.AddSingleton<IAssessmentStore, SqliteAssessmentStore>();
        services.AddSingleton<IVelocityStore, SqliteVelocityStore>();
        services.AddHostedService<SqliteCheckpointer>();
        return services;
    }
}
