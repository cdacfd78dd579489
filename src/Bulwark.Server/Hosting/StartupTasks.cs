using Bulwark.Core.Auth;
using Bulwark.Core.Keys;
using Bulwark.Core.Projects;
using Bulwark.Core.Protocol;
using Bulwark.Core.Scoring;
using Bulwark.Core.Secrets;
using Bulwark.Core.Storage;
using Bulwark.Core.Tokens;
using Microsoft.Extensions.Options;

namespace Bulwark.Server.Hosting;

/// <summary>What must hold before the first request: schema, key ring, the active behaviour model, bootstrap project and key, the demo.</summary>
internal sealed partial class StartupTasks(
    IStoreMigrator database,
    KeyRingProvider ring,
    BehaviourModelProvider models,
    StoreOutageLog outages,
    IProjectStore projects,
    IApiKeyStore apiKeys,
    ISiteKeyStore siteKeys,
    SiteKeyService keyService,
    IOptions<BulwarkOptions> options,
    TimeProvider time,
    ILogger<StartupTasks> logger)
{
    public const string DemoProjectId = "bulwark-demo";
    public const string DemoKeyName = "Bulwark demo";

    /// <summary>The demo's site key, once <see cref="RunAsync"/> has run.</summary>
    public string? DemoSiteKey { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await database.MigrateAsync(cancellationToken).ConfigureAwait(false);
        await ring.RefreshAsync(cancellationToken).ConfigureAwait(false);
        await ring.RotateIfDueAsync(cancellationToken).ConfigureAwait(false);
        await BehaviourModelRefresher.RefreshAsync(models, outages, logger, cancellationToken).ConfigureAwait(false);
        await BootstrapAsync(options.Value.Bootstrap, cancellationToken).ConfigureAwait(false);
        if (options.Value.Demo.Enabled)
        {
            DemoSiteKey = await EnsureDemoAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task BootstrapAsync(BootstrapOptions bootstrap, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(bootstrap.Project))
        {
            if (!string.IsNullOrEmpty(bootstrap.ApiKey))
            {
                throw new InvalidOperationException("Bulwark:Bootstrap:ApiKey needs Bulwark:Bootstrap:Project.");
            }

            return;
        }

        if (!ProjectId.IsValid(bootstrap.Project))
        {
            throw new InvalidOperationException("Bulwark:Bootstrap:Project must be 6–30 lowercase letters, digits or hyphens, starting with a letter.");
        }

        if (await projects.TryCreateAsync(new Project(bootstrap.Project, bootstrap.FullScoreLevels, time.GetUtcNow()), cancellationToken).ConfigureAwait(false))
        {
            LogProjectCreated(logger, bootstrap.Project);
        }
        else if (bootstrap.FullScoreLevels)
        {
            await projects.SetFullScoreLevelsAsync(bootstrap.Project, true, cancellationToken).ConfigureAwait(false);
        }

        if (!string.IsNullOrEmpty(bootstrap.ApiKey))
        {
            var hash = SecretHasher.Hash(bootstrap.ApiKey);
            var existing = await apiKeys.FindByHashAsync(hash, cancellationToken).ConfigureAwait(false);
            if (existing is null)
            {
                await apiKeys.TryCreateAsync(new ApiKeyRecord(hash, bootstrap.Project, "bootstrap", time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
                LogApiKeyCreated(logger, bootstrap.Project);
            }
            else if (existing.ProjectId != bootstrap.Project)
            {
                throw new InvalidOperationException("Bulwark:Bootstrap:ApiKey already belongs to another project.");
            }
        }
    }

    private async Task<string> EnsureDemoAsync(CancellationToken cancellationToken)
    {
        await projects.TryCreateAsync(new Project(DemoProjectId, FullScoreLevels: true, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        var existing = await siteKeys.ListAsync(DemoProjectId, null, 100, cancellationToken).ConfigureAwait(false);
        var demo = existing.FirstOrDefault(k => k.Key.DisplayName == DemoKeyName);
        if (demo is not null)
        {
            return demo.KeyId;
        }

        var created = await keyService.CreateAsync(
            DemoProjectId,
            new Key
            {
                DisplayName = DemoKeyName,
                WebSettings = new WebKeySettings { AllowedDomains = ["localhost", "127.0.0.1"], IntegrationType = IntegrationType.Score },
            },
            legacy: false,
            cancellationToken).ConfigureAwait(false);
        return created.Value!.Name![(created.Value.Name!.LastIndexOf('/') + 1)..];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Bootstrap: created project {Project}")]
    private static partial void LogProjectCreated(ILogger logger, string project);

    [LoggerMessage(Level = LogLevel.Information, Message = "Bootstrap: created an API key for project {Project}")]
    private static partial void LogApiKeyCreated(ILogger logger, string project);
}
