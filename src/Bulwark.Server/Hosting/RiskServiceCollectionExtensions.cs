using Bulwark.Core.Reputation;
using Bulwark.Core.Scoring;
using Bulwark.Core.Secrets;
using Bulwark.Core.Velocity;

namespace Bulwark.Server.Hosting;

internal static class RiskServiceCollectionExtensions
{
    /// <summary>
    /// What the risk engine reads besides the token: velocity counters (<see cref="VelocityTracker"/>,
    /// <see cref="VelocityKeys"/>), the keys of the one-way hashes (<see cref="HashingKeys"/>) and the
    /// operator's reputation lists (<see cref="ReputationLists"/>), and the behaviour model in use
    /// (<see cref="BehaviourModelProvider"/>). The store is registered with the
    /// other stores; the background services that flush and reload are in <see cref="AddRiskBackgroundServices"/>.
    /// </summary>
    public static IServiceCollection AddBulwarkRisk(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<VelocityOptions>().Bind(configuration.GetSection(VelocityOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ReputationOptions>().Bind(configuration.GetSection(ReputationOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<BehaviourModelOptions>().Bind(configuration.GetSection(BehaviourModelOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<BehaviourModelProvider>();
        services.AddSingleton(sp => HashingKeys.Derive(sp.GetRequiredService<MasterKey>().Bytes));
        services.AddSingleton<VelocityKeys>();
        services.AddSingleton<VelocityTracker>();
        services.AddSingleton<TrafficRecorder>();
        services.AddSingleton<ReputationLists>();
        return services;
    }

    /// <summary>Flushes the counters every second, reloads changed lists and the active model: the server only, not the CLI.</summary>
    public static IServiceCollection AddRiskBackgroundServices(this IServiceCollection services)
    {
        services.AddHostedService<VelocityFlusher>();
        services.AddHostedService<ReputationRefresher>();
        services.AddHostedService<BehaviourModelRefresher>();
        return services;
    }
}
