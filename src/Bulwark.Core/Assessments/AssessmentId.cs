using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Bulwark.Core.Assessments;

/// <summary>
/// Assessment ids: 24 lowercase hex digits, the creation time in milliseconds (48 bits) then
/// 48 random bits. Ids made later sort later, so the stores append to their indexes instead of
/// touching a random page per insert; the random half keeps ids unique across nodes.
/// </summary>
public static class AssessmentId
{
    public static string New(DateTimeOffset now)
    {
        Span<byte> bytes = stackalloc byte[12];
        BinaryPrimitives.WriteInt64BigEndian(bytes[..8], Math.Max(0, now.ToUnixTimeMilliseconds()) << 16);
        RandomNumberGenerator.Fill(bytes[6..]);
        return Convert.ToHexStringLower(bytes);
    }
}
