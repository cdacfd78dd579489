using Bulwark.Core.Assessments;
using Bulwark.Core.Auth;
using Bulwark.Core.Keys;
using Bulwark.Core.Projects;
using Bulwark.Core.Scoring;
using Bulwark.Core.Storage;
using Bulwark.Core.Tokens;
using Bulwark.Core.Velocity;
using Microsoft.Extensions.DependencyInjection;

namespace Bulwark.Storage.Tests;

/// <summary>Every store of one backend, on one fresh database.</summary>
public sealed record StoreSet(
    IProjectStore Projects,
    IApiKeyStore ApiKeys,
    ISiteKeyStore SiteKeys,
    ITokenKeyStore TokenKeys,
    IAssessmentStore Assessments,
    IVelocityStore Velocity,
    IBehaviourModelStore Models,
    IStoreFaults Faults,
    Func<Task<StoreSet>> Reopen)
{
    /// <summary>Migrates the backend a service collection registers and takes every store from it.</summary>
    public static async Task<StoreSet> OpenAsync(IServiceCollection services, Func<Task<StoreSet>> reopen)
    {
        var sp = services.BuildServiceProvider();
        await sp.GetRequiredService<IStoreMigrator>().MigrateAsync(default);
        return new StoreSet(
            sp.GetRequiredService<IProjectStore>(),
            sp.GetRequiredService<IApiKeyStore>(),
            sp.GetRequiredService<ISiteKeyStore>(),
            sp.GetRequiredService<ITokenKeyStore>(),
            sp.GetRequiredService<IAssessmentStore>(),
            sp.GetRequiredService<IVelocityStore>(),
            sp.GetRequiredService<IBehaviourModelStore>(),
            sp.GetRequiredService<IStoreFaults>(),
            reopen);
    }
}
