using System.Buffers.Text;
using System.Text;
using Bulwark.Core.Assessments;
using Bulwark.Core.Protocol;
using Bulwark.Core.Results;
using Bulwark.Core.Secrets;

namespace Bulwark.Core.Keys;

/// <summary>The Key resource's methods: create, list, get, update, delete, migrate, legacy secret, metrics.</summary>
public sealed class SiteKeyService(
    ISiteKeyStore store,
    SiteKeyCache cache,
    IAssessmentStore assessments,
    SecretProtector protector,
    TimeProvider time)
{
    /// <summary>The proto's default when page_size is unset.</summary>
    public const int DefaultPageSize = 10;
    public const int MaxPageSize = 1000;
    internal const string LegacySecretPurpose = "bulwark-legacy-secret";

    public async Task<Result<Key>> CreateAsync(string projectId, Key requested, bool legacy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requested);
        var key = requested.Clone();
        if (KeyValidator.Validate(key) is { } problem)
        {
            return new Error(ErrorKind.InvalidArgument, problem);
        }

        var keyId = SiteKeyId.New();
        key.Name = Name(projectId, keyId);
        key.CreateTime = time.GetUtcNow();
        StripInputOnly(key);

        var secret = SiteKeyId.New();
        var record = new SiteKeyRecord(projectId, keyId, key, SecretHasher.Hash(secret), protector.Protect(Encoding.UTF8.GetBytes(secret), LegacySecretPurpose), legacy);
        await store.CreateAsync(record, cancellationToken).ConfigureAwait(false);
        return key;
    }

    public async Task<Result<ListKeysResponse>> ListAsync(string projectId, int pageSize, string? pageToken, CancellationToken cancellationToken)
    {
        if (pageSize < 0)
        {
            return new Error(ErrorKind.InvalidArgument, "page_size must not be negative.");
        }

        string? after = null;
        if (!string.IsNullOrEmpty(pageToken))
        {
            if (!Base64Url.IsValid(pageToken) || Encoding.UTF8.GetString(Base64Url.DecodeFromChars(pageToken)) is not { } decoded || !SiteKeyId.IsValid(decoded))
            {
                return new Error(ErrorKind.InvalidArgument, "page_token is not a token this API returned.");
            }

            after = decoded;
        }

        var size = pageSize == 0 ? DefaultPageSize : Math.Min(pageSize, MaxPageSize);
        var page = await store.ListAsync(projectId, after, size + 1, cancellationToken).ConfigureAwait(false);
        var response = new ListKeysResponse { Keys = page.Take(size).Select(r => r.Key).ToList() };
        if (page.Count > size)
        {
            response.NextPageToken = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(page[size - 1].KeyId));
        }

        return response;
    }

    public async Task<Result<Key>> GetAsync(string projectId, string keyId, CancellationToken cancellationToken)
    {
        var found = await FindAsync(projectId, keyId, cancellationToken).ConfigureAwait(false);
        return found.IsSuccess ? found.Value!.Key : found.Error!;
    }

    public async Task<Result<Key>> UpdateAsync(string projectId, string keyId, Key patch, string? updateMask, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(patch);
        if (patch.Name is { Length: > 0 } name && name != Name(projectId, keyId))
        {
            return new Error(ErrorKind.InvalidArgument, "key.name does not match the URL.");
        }

        var found = await FindAsync(projectId, keyId, cancellationToken).ConfigureAwait(false);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }

        var (updated, error) = KeyUpdater.Apply(found.Value!.Key, patch, updateMask);
        if (error is not null)
        {
            return new Error(ErrorKind.InvalidArgument, error);
        }

        if (KeyValidator.Validate(updated!) is { } problem)
        {
            return new Error(ErrorKind.InvalidArgument, problem);
        }

        StripInputOnly(updated!);
        if (!await store.UpdateAsync(found.Value with { Key = updated! }, cancellationToken).ConfigureAwait(false))
        {
            return NotFound(projectId, keyId);
        }

        cache.Invalidate(keyId);
        return updated!;
    }

    public async Task<Result<EmptyMessage>> DeleteAsync(string projectId, string keyId, CancellationToken cancellationToken)
    {
        if (!await store.DeleteAsync(projectId, keyId, cancellationToken).ConfigureAwait(false))
        {
            return NotFound(projectId, keyId);
        }

        cache.Invalidate(keyId);
        return new EmptyMessage();
    }

    /// <summary>
    /// Every Bulwark key is an Enterprise key from birth, so migrating returns it unchanged. The
    /// store's legacy flag is cleared for a future import of classic reCAPTCHA keys; nothing sets it yet.
    /// </summary>
    public async Task<Result<Key>> MigrateAsync(string projectId, string keyId, CancellationToken cancellationToken)
    {
        var found = await FindAsync(projectId, keyId, cancellationToken).ConfigureAwait(false);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }

        if (found.Value!.Legacy)
        {
            await store.UpdateAsync(found.Value with { Legacy = false }, cancellationToken).ConfigureAwait(false);
            cache.Invalidate(keyId);
        }

        return found.Value.Key;
    }

    public async Task<Result<RetrieveLegacySecretKeyResponse>> RetrieveLegacySecretAsync(string projectId, string keyId, CancellationToken cancellationToken)
    {
        var found = await FindAsync(projectId, keyId, cancellationToken).ConfigureAwait(false);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }

        if (found.Value!.Key.WebSettings is null)
        {
            return new Error(ErrorKind.FailedPrecondition, "Only web keys have a legacy secret key.");
        }

        var secret = protector.Unprotect(found.Value.LegacySecretWrapped, LegacySecretPurpose);
        return new RetrieveLegacySecretKeyResponse { LegacySecretKey = Encoding.UTF8.GetString(secret) };
    }

    public async Task<Result<Metrics>> GetMetricsAsync(string projectId, string keyId, CancellationToken cancellationToken)
    {
        var found = await FindAsync(projectId, keyId, cancellationToken).ConfigureAwait(false);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }

        var now = time.GetUtcNow();
        var counts = await assessments.GetScoreCountsAsync(projectId, keyId, MetricsBuilder.FirstDay(now), MetricsBuilder.SettledBefore(now), cancellationToken).ConfigureAwait(false);
        return MetricsBuilder.Build($"{Name(projectId, keyId)}/metrics", counts, now);
    }

    public static string Name(string projectId, string keyId) => $"projects/{projectId}/keys/{keyId}";

    private async Task<Result<SiteKeyRecord>> FindAsync(string projectId, string keyId, CancellationToken cancellationToken)
    {
        if (!SiteKeyId.IsValid(keyId))
        {
            return NotFound(projectId, keyId);
        }

        var record = await store.GetAsync(keyId, cancellationToken).ConfigureAwait(false);
        return record is not null && record.ProjectId == projectId ? record : NotFound(projectId, keyId);
    }

    private static Error NotFound(string projectId, string keyId) =>
        new(ErrorKind.NotFound, $"Key {Name(projectId, SiteKeyId.IsValid(keyId) ? keyId : "(invalid)")} was not found.");

    /// <summary>The Apple private key is INPUT_ONLY and unused until iOS tokens exist: it is never stored.</summary>
    private static void StripInputOnly(Key key)
    {
        if (key.IosSettings?.AppleDeveloperId is { } dev)
        {
            dev.PrivateKey = null;
        }
    }
}
