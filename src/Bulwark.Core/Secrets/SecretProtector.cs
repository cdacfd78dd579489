using System.Security.Cryptography;
using System.Text;

namespace Bulwark.Core.Secrets;

/// <summary>
/// Wraps secrets that must be read back (token keys, legacy secret keys) under the
/// operator's master key with AES-256-GCM; the purpose string is bound as associated data.
/// <para>
/// While the master key is being rotated, the keys it replaces open what they wrapped
/// (<paramref name="previousKeys"/>); everything new is wrapped under the current one, and
/// <see cref="SecretRewrapper"/> moves what is stored over to it.
/// </para>
/// </summary>
public sealed class SecretProtector
{
    public const int MasterKeySize = 32;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    /// <summary>The current master key first, then the previous ones.</summary>
    private readonly byte[][] _keys;

    public SecretProtector(byte[] masterKey, IReadOnlyList<byte[]>? previousKeys = null)
    {
        ArgumentNullException.ThrowIfNull(masterKey);
        if (masterKey.Length != MasterKeySize || previousKeys?.Any(k => k is null || k.Length != MasterKeySize) == true)
        {
            throw new ArgumentException($"A master key is {MasterKeySize} bytes.", nameof(masterKey));
        }

        _keys = [masterKey, .. previousKeys ?? []];
    }

    public byte[] Protect(ReadOnlySpan<byte> secret, string purpose)
    {
        var output = new byte[NonceSize + secret.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_keys[0], TagSize);
        aes.Encrypt(nonce, secret, output.AsSpan(NonceSize, secret.Length), output.AsSpan(NonceSize + secret.Length, TagSize), Encoding.UTF8.GetBytes(purpose));
        return output;
    }

    /// <summary>Opens a secret wrapped under the current master key or one of the previous ones.</summary>
    /// <exception cref="CryptographicException">The blob was not wrapped by any of these master keys for this purpose.</exception>
    public byte[] Unprotect(ReadOnlySpan<byte> wrapped, string purpose)
    {
        if (wrapped.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("Wrapped secret is too short.");
        }

        var length = wrapped.Length - NonceSize - TagSize;
        var output = new byte[length];
        var associated = Encoding.UTF8.GetBytes(purpose);
        for (var i = 0; ; i++)
        {
            using var aes = new AesGcm(_keys[i], TagSize);
            try
            {
                aes.Decrypt(wrapped[..NonceSize], wrapped.Slice(NonceSize, length), wrapped.Slice(NonceSize + length, TagSize), output, associated);
                return output;
            }
            catch (AuthenticationTagMismatchException) when (i + 1 < _keys.Length)
            {
            }
        }
    }

    /// <summary>The secret wrapped anew under the current master key.</summary>
    /// <exception cref="CryptographicException">The blob was not wrapped by any of these master keys for this purpose.</exception>
    public byte[] Rewrap(ReadOnlySpan<byte> wrapped, string purpose)
    {
        var secret = Unprotect(wrapped, purpose);
        try
        {
            return Protect(secret, purpose);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }
}
