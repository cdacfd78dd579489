using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Bulwark.Core.Tokens;

/// <summary>A 64-bit digest of a User-Agent string: enough to tell "same" from "changed" without carrying the string.</summary>
public static class UserAgentHash
{
    public static ulong Of(string? userAgent)
    {
        if (string.IsNullOrEmpty(userAgent))
        {
            return 0;
        }

        Span<byte> hash = stackalloc byte[32];
        var max = Encoding.UTF8.GetMaxByteCount(userAgent.Length);
        var buffer = max <= 1024 ? stackalloc byte[max] : new byte[max];
        var written = Encoding.UTF8.GetBytes(userAgent, buffer);
        SHA256.HashData(buffer[..written], hash);
        var value = BinaryPrimitives.ReadUInt64BigEndian(hash);
        return value == 0 ? 1 : value;
    }
}
