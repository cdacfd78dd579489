using Bulwark.Core.Assessments;
using Bulwark.Core.Auth;
using Bulwark.Core.Keys;
using Bulwark.Core.Projects;
using Bulwark.Core.Tokens;
using Bulwark.Core.Velocity;

namespace Bulwark.Storage.Tests;

/// <summary>Every store of one backend, on one fresh database.</summary>
public sealed record StoreSet(
    IProjectStore Projects,
    IApiKeyStore ApiKeys,
    ISiteKeyStore SiteKeys,
    ITokenKeyStore TokenKeys,
    IAssessmentStore Assessments,
    IVelocityStore Velocity,
    Func<Task<StoreSet>> Reopen);
