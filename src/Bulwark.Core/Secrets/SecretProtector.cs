using System.Security.Cryptography;
using System.Text;

namespace Bulwark.Core.Secrets;

/// <summary>
/// Wraps secrets that must be read back (token keys, legacy secret keys) under the
/// operator's master key with AES-256-GCM; the purpose string is bound as associated data.
/// </summary>
public sealed class SecretProtector
{
    public const int MasterKeySize = 32;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _masterKey;

    public SecretProtector(byte[] masterKey)
    {
        ArgumentNullException.ThrowIfNull(masterKey);
        if (masterKey.Length != MasterKeySize)
        {
            throw new ArgumentException($"The master key is {MasterKeySize} bytes.", nameof(masterKey));
        }

        _masterKey = masterKey;
    }

    public byte[] Protect(ReadOnlySpan<byte> secret, string purpose)
    {
        var output = new byte[NonceSize + secret.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_masterKey, TagSize);
        aes.Encrypt(nonce, secret, output.AsSpan(NonceSize, secret.Length), output.AsSpan(NonceSize + secret.Length, TagSize), Encoding.UTF8.GetBytes(purpose));
        return output;
    }

    /// <exception cref="CryptographicException">The blob was not wrapped by this master key for this purpose.</exception>
    public byte[] Unprotect(ReadOnlySpan<byte> wrapped, string purpose)
    {
        if (wrapped.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("Wrapped secret is too short.");
        }

        var length = wrapped.Length - NonceSize - TagSize;
        var output = new byte[length];
        using var aes = new AesGcm(_masterKey, TagSize);
        aes.Decrypt(wrapped[..NonceSize], wrapped.Slice(NonceSize, length), wrapped.Slice(NonceSize + length, TagSize), output, Encoding.UTF8.GetBytes(purpose));
        return output;
    }
}
