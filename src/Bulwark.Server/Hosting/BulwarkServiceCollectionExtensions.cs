using Bulwark.Core.Assessments;
using Bulwark.Core.Keys;
using Bulwark.Core.Projects;
using Bulwark.Core.Scoring;
using Bulwark.Core.Secrets;
using Bulwark.Core.Storage;
using Bulwark.Core.Tokens;
using Bulwark.Core.Velocity;
using Bulwark.Server.Network;
using Bulwark.Storage.Postgres;
using Bulwark.Storage.Sqlite;
using Microsoft.Extensions.Options;

namespace Bulwark.Server.Hosting;

internal static class BulwarkServiceCollectionExtensions
{
    /// <summary>Options, the store and the domain services: everything both the server and the CLI use.</summary>
    public static IServiceCollection AddBulwarkCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BulwarkOptions>().Bind(configuration.GetSection(BulwarkOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BulwarkOptions>, BulwarkOptionsValidator>();
        services.AddOptions<TokenKeyOptions>().Bind(configuration.GetSection(TokenKeyOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SiteKeyCacheOptions>().Bind(configuration.GetSection(SiteKeyCacheOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AssessmentWriterOptions>().Bind(configuration.GetSection(AssessmentWriterOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<NetworkOptions>().Bind(configuration.GetSection(NetworkOptions.SectionName))
            .Validate(o => TryParse(o), "Bulwark:Network:TrustedProxies must hold IP addresses or CIDRs (e.g. 10.0.0.0/8).").ValidateOnStart();

        var bulwark = configuration.GetSection(BulwarkOptions.SectionName).Get<BulwarkOptions>() ?? new BulwarkOptions();
        if (bulwark.Storage.IsPostgres)
        {
            // Every node must open what any node sealed: the store and the master key are shared, not per-node files.
            if (string.IsNullOrWhiteSpace(bulwark.Storage.ConnectionString))
            {
                throw new InvalidOperationException("Bulwark:Storage:ConnectionString is required when Bulwark:Storage:Provider is Postgres.");
            }

            if (string.IsNullOrWhiteSpace(bulwark.Secrets.MasterKey))
            {
                throw new InvalidOperationException("Bulwark:Secrets:MasterKey is required with Postgres: all nodes must share it (e.g. `openssl rand -base64 32`).");
            }

            services.AddPostgresStorage(bulwark.Storage.ConnectionString);
        }
        else
        {
            var databasePath = string.IsNullOrEmpty(bulwark.Storage.ConnectionString)
                ? Path.Combine(bulwark.DataDir, "bulwark.db")
                : bulwark.Storage.ConnectionString;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
            services.AddSqliteStorage(databasePath);
        }

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new MasterKey(MasterKeyLoader.Load(sp.GetRequiredService<IOptions<BulwarkOptions>>().Value)));
        services.AddSingleton(sp => new SecretProtector(
            sp.GetRequiredService<MasterKey>().Bytes,
            MasterKeyLoader.LoadPrevious(sp.GetRequiredService<IOptions<BulwarkOptions>>().Value)));
        services.AddSingleton<SecretRewrapper>();
        services.AddSingleton<KeyRingProvider>();
        services.AddSingleton<SiteKeyCache>();
        services.AddSingleton<ProjectCache>();
        services.AddSingleton<SiteKeyService>();
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<IRiskEngine>(sp => new RiskEngine(sp.GetRequiredService<BehaviourModelProvider>(), sp.GetRequiredService<IOptions<VelocityOptions>>().Value));
        services.AddSingleton<StoreOutageLog>();
        services.AddSingleton<AssessmentWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<AssessmentWriter>());
        services.AddSingleton<AssessmentService>();
        services.AddBulwarkRisk(configuration);
        services.AddSingleton<StartupTasks>();
        services.AddSingleton(sp => new ClientAddressResolver(sp.GetRequiredService<IOptions<NetworkOptions>>().Value.ParseTrustedProxies()));
        return services;
    }

    private static bool TryParse(NetworkOptions options)
    {
        try
        {
            options.ParseTrustedProxies();
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
