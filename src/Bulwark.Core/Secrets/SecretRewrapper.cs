using System.Security.Cryptography;
using Bulwark.Core.Keys;
using Bulwark.Core.Tokens;

namespace Bulwark.Core.Secrets;

/// <summary>
/// The step of a master key rotation that makes the previous keys unnecessary: every stored token
/// key and legacy secret, wrapped anew under the current master key (docs/operations.md). Each row
/// is replaced only if nobody changed it meanwhile, so it may run while nodes serve, and again.
/// </summary>
public sealed class SecretRewrapper(SecretProtector protector, ITokenKeyStore tokenKeys, ISiteKeyStore siteKeys)
{
    /// <exception cref="InvalidOperationException">A stored secret opens with none of the configured master keys.</exception>
    public async Task<SecretRewrapResult> RewrapAsync(CancellationToken cancellationToken)
    {
        var rewrappedKeys = 0;
        foreach (var key in await tokenKeys.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            var replacement = Rewrap(key.WrappedMaterial, KeyRingProvider.Purpose, $"Token key {key.Id}");
            if (await tokenKeys.ReplaceWrappingAsync(key.Id, key.WrappedMaterial, replacement, cancellationToken).ConfigureAwait(false))
            {
                rewrappedKeys++;
            }
        }

        var rewrappedSecrets = 0;
        foreach (var secret in await siteKeys.ListLegacySecretsAsync(cancellationToken).ConfigureAwait(false))
        {
            var replacement = Rewrap(secret.Wrapped, SiteKeyService.LegacySecretPurpose, $"The legacy secret of site key {secret.KeyId}");
            if (await siteKeys.ReplaceLegacySecretWrappingAsync(secret.KeyId, secret.Wrapped, replacement, cancellationToken).ConfigureAwait(false))
            {
                rewrappedSecrets++;
            }
        }

        return new SecretRewrapResult(rewrappedKeys, rewrappedSecrets);
    }

    private byte[] Rewrap(byte[] wrapped, string purpose, string what)
    {
        try
        {
            return protector.Rewrap(wrapped, purpose);
        }
        catch (CryptographicException e)
        {
            throw new InvalidOperationException(
                $"{what} opens with none of the master keys given (Bulwark:Secrets:MasterKey and Bulwark:Secrets:PreviousMasterKeys); nothing after it was rewrapped.", e);
        }
    }
}

/// <summary>How many token keys and legacy secrets a <see cref="SecretRewrapper"/> pass wrapped anew (rows deleted meanwhile are not counted).</summary>
public sealed record SecretRewrapResult(int TokenKeys, int LegacySecrets);
