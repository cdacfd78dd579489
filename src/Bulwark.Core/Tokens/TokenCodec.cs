using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Bulwark.Core.Tokens;

/// <summary>
/// Seals and opens tokens: base64url( version | keyId | nonce | AES-256-GCM(payload) | tag ),
/// with version and keyId as associated data so neither can be swapped.
/// </summary>
public static class TokenCodec
{
    public const byte Version = 1;

    /// <summary>Longest token string we try to open; anything longer is malformed by definition.</summary>
    public const int MaxTokenLength = 8192;

    private const int HeaderSize = 1 + 4;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    // Each thread keeps the AES-GCM context of the key it used last: setting one up (OpenSSL
    // allocates and keys a context) costs more than sealing or opening a token with it.
    [ThreadStatic]
    private static TokenKey? _threadCipherKey;

    [ThreadStatic]
    private static AesGcm? _threadCipher;

    public static string Seal(TokenPayload payload, TokenKey key)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(key);

        var plainLength = MeasurePlaintext(payload);
        var total = HeaderSize + NonceSize + plainLength + TagSize;
        var buffer = new byte[total];
        var span = buffer.AsSpan();
        span[0] = Version;
        BinaryPrimitives.WriteInt32BigEndian(span[1..], key.Id);
        var nonce = span.Slice(HeaderSize, NonceSize);
        RandomNumberGenerator.Fill(nonce);

        var plain = plainLength <= 1024 ? stackalloc byte[plainLength] : new byte[plainLength];
        WritePlaintext(payload, plain);

        CipherFor(key).Encrypt(
            nonce,
            plain,
            span.Slice(HeaderSize + NonceSize, plainLength),
            span.Slice(HeaderSize + NonceSize + plainLength, TagSize),
            span[..HeaderSize]);
        CryptographicOperations.ZeroMemory(plain);
        return Base64Url.EncodeToString(buffer);
    }

    private static AesGcm CipherFor(TokenKey key)
    {
        if (!ReferenceEquals(_threadCipherKey, key) || _threadCipher is null)
        {
            _threadCipher?.Dispose();
            _threadCipher = new AesGcm(key.Material, TagSize);
            _threadCipherKey = key;
        }

        return _threadCipher;
    }

    public static TokenOpenResult Open(string token, KeyRing ring)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(ring);

        if (token.Length is 0 or > MaxTokenLength || !Base64Url.IsValid(token, out var decodedLength)
            || decodedLength < HeaderSize + NonceSize + TagSize + MinPlaintext)
        {
            return TokenOpenResult.Malformed;
        }

        var bytes = new byte[decodedLength];
        if (Base64Url.DecodeFromChars(token, bytes, out _, out var written) != System.Buffers.OperationStatus.Done || written != decodedLength)
        {
            return TokenOpenResult.Malformed;
        }

        if (bytes[0] != Version)
        {
            return TokenOpenResult.Malformed;
        }

        var keyId = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(1));
        var key = ring.Find(keyId);
        if (key is null)
        {
            return TokenOpenResult.UnknownKey(keyId);
        }

        var plainLength = decodedLength - HeaderSize - NonceSize - TagSize;
        var plain = new byte[plainLength];
        try
        {
            CipherFor(key).Decrypt(
                bytes.AsSpan(HeaderSize, NonceSize),
                bytes.AsSpan(HeaderSize + NonceSize, plainLength),
                bytes.AsSpan(HeaderSize + NonceSize + plainLength, TagSize),
                plain,
                bytes.AsSpan(0, HeaderSize));
        }
        catch (AuthenticationTagMismatchException)
        {
            return TokenOpenResult.Malformed;
        }

        return TryReadPlaintext(plain, out var payload) ? TokenOpenResult.Ok(payload) : TokenOpenResult.Malformed;
    }

    // tokenId(16) createTime(8) flags(1) uaHash(8) + four strings and the signals, each u16-length-prefixed.
    private const int MinPlaintext = 16 + 8 + 1 + 8 + (5 * 2);

    private static int MeasurePlaintext(TokenPayload p) =>
        MinPlaintext
        + Utf8Length(p.SiteKey, TokenPayload.MaxSiteKeyLength)
        + Utf8Length(p.Action, TokenPayload.MaxActionLength)
        + Utf8Length(p.Hostname, TokenPayload.MaxHostnameLength)
        + Utf8Length(p.ClientIp, TokenPayload.MaxClientIpLength)
        + CheckedLength(p.Signals.Length, TokenPayload.MaxSignalsLength);

    private static int Utf8Length(string value, int max) => CheckedLength(Encoding.UTF8.GetByteCount(value), max);

    private static int CheckedLength(int length, int max) =>
        length <= max ? length : throw new ArgumentException($"Token field longer than {max} bytes.");

    private static void WritePlaintext(TokenPayload p, Span<byte> span)
    {
        p.TokenId.TryWriteBytes(span);
        var offset = 16;
        BinaryPrimitives.WriteInt64BigEndian(span[offset..], p.CreateTime.ToUnixTimeMilliseconds());
        offset += 8;
        span[offset++] = (byte)p.Flags;
        BinaryPrimitives.WriteUInt64BigEndian(span[offset..], p.UserAgentHash);
        offset += 8;
        offset += WriteString(p.SiteKey, span[offset..]);
        offset += WriteString(p.Action, span[offset..]);
        offset += WriteString(p.Hostname, span[offset..]);
        offset += WriteString(p.ClientIp, span[offset..]);
        BinaryPrimitives.WriteUInt16BigEndian(span[offset..], (ushort)p.Signals.Length);
        p.Signals.Span.CopyTo(span[(offset + 2)..]);
    }

    private static int WriteString(string value, Span<byte> span)
    {
        var written = Encoding.UTF8.GetBytes(value, span[2..]);
        BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)written);
        return written + 2;
    }

    private static bool TryReadPlaintext(byte[] plain, out TokenPayload payload)
    {
        payload = null!;
        var span = plain.AsSpan();
        if (span.Length < MinPlaintext)
        {
            return false;
        }

        var tokenId = new Guid(span[..16]);
        var created = BinaryPrimitives.ReadInt64BigEndian(span[16..]);
        var flags = (TokenFlags)span[24];
        var uaHash = BinaryPrimitives.ReadUInt64BigEndian(span[25..]);
        var offset = 33;
        if (!TryReadString(plain, ref offset, TokenPayload.MaxSiteKeyLength, out var siteKey)
            || !TryReadString(plain, ref offset, TokenPayload.MaxActionLength, out var action)
            || !TryReadString(plain, ref offset, TokenPayload.MaxHostnameLength, out var hostname)
            || !TryReadString(plain, ref offset, TokenPayload.MaxClientIpLength, out var clientIp)
            || !TryReadSlice(plain, ref offset, TokenPayload.MaxSignalsLength, out var signals)
            || offset != plain.Length
            || created is < 0 or > 253402300799999)
        {
            return false;
        }

        payload = new TokenPayload
        {
            TokenId = tokenId,
            CreateTime = DateTimeOffset.FromUnixTimeMilliseconds(created),
            Flags = flags,
            UserAgentHash = uaHash,
            SiteKey = siteKey,
            Action = action,
            Hostname = hostname,
            ClientIp = clientIp,
            Signals = signals,
        };
        return true;
    }

    private static bool TryReadString(byte[] plain, ref int offset, int max, out string value)
    {
        value = string.Empty;
        if (!TryReadSlice(plain, ref offset, max, out var slice))
        {
            return false;
        }

        value = Encoding.UTF8.GetString(slice.Span);
        return true;
    }

    private static bool TryReadSlice(byte[] plain, ref int offset, int max, out ReadOnlyMemory<byte> slice)
    {
        slice = default;
        if (offset + 2 > plain.Length)
        {
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(plain.AsSpan(offset));
        offset += 2;
        if (length > max || offset + length > plain.Length)
        {
            return false;
        }

        slice = plain.AsMemory(offset, length);
        offset += length;
        return true;
    }
}
