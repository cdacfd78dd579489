using Bulwark.Core.Assessments;
using Bulwark.Core.Auth;
using Bulwark.Core.Keys;
using Bulwark.Core.Projects;
using Bulwark.Core.Scoring;
using Bulwark.Core.Storage;
using Bulwark.Core.Tokens;
using Bulwark.Core.Velocity;
using Microsoft.Extensions.DependencyInjection;

namespace Bulwark.Storage.Postgres;

public static class PostgresStorageExtensions
{
    /// <summary>Registers every store on one PostgreSQL database, shared by all nodes.</summary>
    public static IServiceCollection AddPostgresStorage(this IServiceCollection services, string connectionString)
    {
        var database = new PostgresDatabase(connectionString);
        services.AddSingleton(database);
        services.AddSingleton<IStoreMigrator>(database);
        services.AddSingleton<IStoreFaults, PostgresFaults>();
        services.AddSingleton<IProjectStore, PostgresProjectStore>();
        services.AddSingleton<IApiKeyStore, PostgresApiKeyStore>();
        services.AddSingleton<ISiteKeyStore, PostgresSiteKeyStore>();
        services.AddSingleton<ITokenKeyStore, PostgresTokenKeyStore>();
        services.AddSingleton<IBehaviourModelStore, PostgresBehaviourModelStore>();
        services.AddSingleton<IAssessmentStore, PostgresAssessmentStore>();
        services.AddSingleton<IVelocityStore, PostgresVelocityStore>();
        return services;
    }
}
