using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Bulwark.Core.Tokens;

/// <summary>
/// The fresh server nonce the collector fetches at load and echoes in its payload:
/// <c>base64url( 0x01 | keyId (4) | issuedAt unix seconds (8) | random (8) | HMAC-SHA256(…, truncated 16) )</c>.
/// The MAC covers every byte before it plus the site key, under a key derived (HKDF) from the token
/// key ring's key <c>keyId</c>, so any node that shares the ring can verify it and nothing is stored.
/// </summary>
public static class CollectorChallenge
{
    public const byte Version = 1;

    /// <summary>How long a challenge is accepted. The script refetches when its copy is older than <see cref="RefreshAfter"/>.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    public static readonly TimeSpan RefreshAfter = TimeSpan.FromMinutes(20);

    /// <summary>Clock skew between nodes tolerated for a challenge that seems to come from the future.</summary>
    public static readonly TimeSpan Skew = TimeSpan.FromMinutes(1);

    private const int HeaderSize = 1 + 4 + 8 + 8;
    private const int MacSize = 16;
    private const int Size = HeaderSize + MacSize;
    private const int MaxSiteKeyBytes = 256;
    private static readonly byte[] Info = "bulwark-collector-challenge"u8.ToArray();

    /// <summary>Length of an encoded challenge, in characters.</summary>
    public static int EncodedLength { get; } = Base64Url.GetEncodedLength(Size);

    public static string Issue(TokenKey key, string siteKey, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(siteKey);
        Span<byte> raw = stackalloc byte[Size];
        raw[0] = Version;
        BinaryPrimitives.WriteInt32BigEndian(raw[1..], key.Id);
        BinaryPrimitives.WriteInt64BigEndian(raw[5..], now.ToUnixTimeSeconds());
        RandomNumberGenerator.Fill(raw.Slice(13, 8));
        Mac(key, raw[..HeaderSize], siteKey, raw[HeaderSize..]);
        return Base64Url.EncodeToString(raw);
    }

    /// <summary>The ring key id a challenge names, to look the key up (or reload the ring) before <see cref="Verify"/>.</summary>
    public static bool TryReadKeyId(string? challenge, out int keyId)
    {
        keyId = 0;
        Span<byte> raw = stackalloc byte[Size];
        if (!TryDecode(challenge, raw))
        {
            return false;
        }

        keyId = BinaryPrimitives.ReadInt32BigEndian(raw[1..]);
        return true;
    }

    /// <param name="key">The ring key the challenge names (null when this deployment does not know it).</param>
    public static ChallengeVerdict Verify(string? challenge, string siteKey, TokenKey? key, DateTimeOffset now, out DateTimeOffset issuedAt)
    {
        ArgumentNullException.ThrowIfNull(siteKey);
        issuedAt = default;
        Span<byte> raw = stackalloc byte[Size];
        if (!TryDecode(challenge, raw))
        {
            return ChallengeVerdict.Malformed;
        }

        if (key is null || key.Id != BinaryPrimitives.ReadInt32BigEndian(raw[1..]))
        {
            return ChallengeVerdict.UnknownKey;
        }

        Span<byte> expected = stackalloc byte[MacSize];
        if (Encoding.UTF8.GetByteCount(siteKey) > MaxSiteKeyBytes)
        {
            return ChallengeVerdict.BadMac;
        }

        Mac(key, raw[..HeaderSize], siteKey, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, raw[HeaderSize..]))
        {
            return ChallengeVerdict.BadMac;
        }

        var seconds = BinaryPrimitives.ReadInt64BigEndian(raw[5..]);
        if (seconds < 0 || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return ChallengeVerdict.Expired;
        }

        issuedAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return issuedAt > now + Skew || now - issuedAt > Lifetime ? ChallengeVerdict.Expired : ChallengeVerdict.Valid;
    }

    private static bool TryDecode(string? challenge, Span<byte> raw) =>
        challenge is not null
        && challenge.Length == EncodedLength
        && Base64Url.IsValid(challenge, out var length)
        && length == Size
        && Base64Url.DecodeFromChars(challenge, raw, out _, out var written) == System.Buffers.OperationStatus.Done
        && written == Size
        && raw[0] == Version;

    private static void Mac(TokenKey key, ReadOnlySpan<byte> header, string siteKey, Span<byte> destination)
    {
        Span<byte> macKey = stackalloc byte[32];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, key.Material, macKey, ReadOnlySpan<byte>.Empty, Info);
        Span<byte> message = stackalloc byte[HeaderSize + MaxSiteKeyBytes];
        header.CopyTo(message);
        var length = HeaderSize + Encoding.UTF8.GetBytes(siteKey, message[HeaderSize..]);
        Span<byte> full = stackalloc byte[32];
        HMACSHA256.HashData(macKey, message[..length], full);
        full[..MacSize].CopyTo(destination);
        CryptographicOperations.ZeroMemory(macKey);
    }
}

/// <summary>What <see cref="CollectorChallenge.Verify"/> found.</summary>
public enum ChallengeVerdict
{
    Valid,

    /// <summary>Not a challenge at all (length, encoding or version).</summary>
    Malformed,

    /// <summary>Names a ring key this deployment does not have (forged, or long retired).</summary>
    UnknownKey,

    /// <summary>The MAC does not verify: edited, forged, or issued for another site key.</summary>
    BadMac,

    /// <summary>Older than <see cref="CollectorChallenge.Lifetime"/>, or issued in the future.</summary>
    Expired,
}
