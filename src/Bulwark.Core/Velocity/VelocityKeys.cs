using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Bulwark.Core.Secrets;

namespace Bulwark.Core.Velocity;

/// <summary>
/// Turns the facts of a token or an assessment into <see cref="VelocityKey"/>s: SipHash-2-4 under a
/// key derived from the master key (<see cref="HashingKeys"/>), so every node sharing the master key
/// agrees on them and nothing stored can be turned back into an address or an account.
/// </summary>
public sealed class VelocityKeys
{
    private const int StackLimit = 512;
    private readonly byte[] _key;

    public VelocityKeys(HashingKeys keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _key = keys.Velocity.ToArray();
    }

    /// <summary>The keys a token adds to when it is issued. <paramref name="deviceHash"/> 0 and a null or empty challenge count nothing.</summary>
    public IssuanceKeys ForIssuance(string? clientIp, string siteKey, ulong deviceHash, string? challenge)
    {
        ArgumentNullException.ThrowIfNull(siteKey);
        VelocityKey? address = null;
        VelocityKey? network = null;
        if (!string.IsNullOrEmpty(clientIp) && IPAddress.TryParse(clientIp, out var ip))
        {
            address = ForAddress(ip);
            network = ForNetwork(ip);
        }

        return new IssuanceKeys(
            address,
            network,
            Of(VelocityDimension.Site, siteKey),
            deviceHash == 0 ? null : Of(VelocityDimension.Device, deviceHash),
            string.IsNullOrEmpty(challenge) ? null : Of(VelocityDimension.Challenge, challenge));
    }

    /// <summary>
    /// The keys an assessment adds to: the site key and action, and the account it names
    /// (<paramref name="hashedAccountId"/> when given, else <paramref name="accountId"/>).
    /// </summary>
    public AssessmentKeys ForAssessment(string siteKey, string? action, ReadOnlySpan<byte> hashedAccountId, string? accountId)
    {
        ArgumentNullException.ThrowIfNull(siteKey);
        VelocityKey? account = null;
        if (!hashedAccountId.IsEmpty)
        {
            account = Of(VelocityDimension.Account, hashedAccountId, 1);
        }
        else if (!string.IsNullOrEmpty(accountId))
        {
            account = Of(VelocityDimension.Account, accountId);
        }

        return new AssessmentKeys(Of(VelocityDimension.Action, string.Concat(siteKey, "\n", action ?? string.Empty)), account);
    }

    /// <summary>The address itself; IPv4-mapped IPv6 counts as the IPv4 address.</summary>
    public VelocityKey ForAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> bytes = stackalloc byte[16];
        var length = Normalize(address, bytes);
        return Of(VelocityDimension.Address, bytes[..length], 0);
    }

    /// <summary>The address's network: IPv4 /24, IPv6 /64.</summary>
    public VelocityKey ForNetwork(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> bytes = stackalloc byte[16];
        var length = Normalize(address, bytes);
        return Of(VelocityDimension.Network, bytes[..(length == 4 ? 3 : 8)], 0);
    }

    public VelocityKey Of(VelocityDimension dimension, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        byte[]? rented = null;
        var buffer = max <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var length = Encoding.UTF8.GetBytes(value, buffer);
            return Of(dimension, buffer[..length], 2);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    public VelocityKey Of(VelocityDimension dimension, ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        return Of(dimension, bytes, 3);
    }

    /// <summary>Writes the address in its canonical form (4 bytes for IPv4 and IPv4-mapped IPv6, else 16); returns the length.</summary>
    internal static int Normalize(IPAddress address, Span<byte> destination)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        address.TryWriteBytes(destination, out var written);
        return address.AddressFamily == AddressFamily.InterNetwork ? 4 : written;
    }

    /// <param name="form">What the bytes are (address bytes, raw bytes, UTF-8 text, a number), so two forms never collide.</param>
    private VelocityKey Of(VelocityDimension dimension, ReadOnlySpan<byte> value, byte form)
    {
        var length = value.Length + 2;
        byte[]? rented = null;
        var buffer = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            buffer[0] = (byte)dimension;
            buffer[1] = form;
            value.CopyTo(buffer[2..]);
            return new VelocityKey(dimension, SipHash.Hash(_key, buffer[..length]));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
