using System.Security.Cryptography;
using System.Text;

namespace Bulwark.Core.Secrets;

/// <summary>
/// Lookup hashes for high-entropy secrets (API keys, legacy secret keys). They are random
/// and long, so a plain SHA-256 is enough: there is nothing to brute-force.
/// </summary>
public static class SecretHasher
{
    public static string Hash(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        Span<byte> hash = stackalloc byte[32];
        var bytes = Encoding.UTF8.GetBytes(secret);
        SHA256.HashData(bytes, hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>A random secret in URL-safe base64 with a readable prefix.</summary>
    public static string NewSecret(string prefix, int bytes = 24) =>
        prefix + System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(bytes));
}
