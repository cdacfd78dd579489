using Bulwark.Server.Api;
using Bulwark.Server.Browser;

namespace Bulwark.Server.Hosting;

internal static class ServerServiceCollectionExtensions
{
    /// <summary>What only the HTTP server needs on top of <see cref="BulwarkServiceCollectionExtensions.AddBulwarkCore"/>.</summary>
    public static IServiceCollection AddBulwarkServer(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ApiKeyAuthenticator>();
        services.AddBrowserEndpoints(configuration);
        services.AddHostedService<KeyRingRefresher>();
        services.AddHostedService<StorePruner>();
        services.AddRiskBackgroundServices();
        return services;
    }
}
