using Bulwark.Core.Auth;
using Bulwark.Core.Caching;
using Bulwark.Core.Projects;
using Bulwark.Core.Results;
using Bulwark.Core.Secrets;

namespace Bulwark.Server.Api;

/// <summary>
/// API-key auth for the v1 API: the key in <c>x-goog-api-key</c> or <c>?key=</c>, looked up by
/// its hash, must belong to the project in the URL. Lookups are cached for a few seconds, bounded.
/// </summary>
internal sealed class ApiKeyAuthenticator : IDisposable
{
    private static readonly TimeSpan CacheDuration = TimeSpan.FromSeconds(10);
    private const int MaxCached = 10_000;
    private const int MaxApiKeyLength = 256;

    private readonly LookupCache<ApiKeyRecord> _keys;
    private readonly ProjectCache _projects;

    public ApiKeyAuthenticator(IApiKeyStore apiKeys, ProjectCache projects, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(apiKeys);
        _keys = new LookupCache<ApiKeyRecord>(apiKeys.FindByHashAsync, CacheDuration, MaxCached, time);
        _projects = projects;
    }

    public async ValueTask<Result<Project>> AuthenticateAsync(HttpRequest request, string projectId, CancellationToken cancellationToken)
    {
        var presented = request.Headers["x-goog-api-key"].ToString();
        if (string.IsNullOrEmpty(presented))
        {
            presented = request.Query["key"].ToString();
        }

        if (string.IsNullOrEmpty(presented))
        {
            return new Error(ErrorKind.Unauthenticated, "The request is missing a valid API key (x-goog-api-key header or key parameter).");
        }

        if (presented.Length > MaxApiKeyLength)
        {
            return new Error(ErrorKind.Unauthenticated, "API key not valid. Please pass a valid API key.");
        }

        var record = await _keys.GetAsync(SecretHasher.Hash(presented), cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return new Error(ErrorKind.Unauthenticated, "API key not valid. Please pass a valid API key.");
        }

        // Lookup was by hash; the equality of hashes of the presented and stored key is the comparison.
        if (!string.Equals(record.ProjectId, projectId, StringComparison.Ordinal))
        {
            return new Error(ErrorKind.PermissionDenied, $"The API key does not grant access to project {Truncate(projectId)}.");
        }

        var project = await _projects.GetAsync(projectId, cancellationToken).ConfigureAwait(false);
        return project is null
            ? new Error(ErrorKind.PermissionDenied, $"Project {Truncate(projectId)} does not exist.")
            : project;
    }

    public void Dispose() => _keys.Dispose();

    private static string Truncate(string s) => s.Length > 64 ? s[..64] : s;
}
