using System.Security.Cryptography;
using System.Text;

namespace Bulwark.Core.Secrets;

/// <summary>
/// Keys of the one-way hashes Bulwark keeps instead of raw addresses, accounts and device facts
/// (velocity keys, device hashes). Derived from the master key with HKDF, so every node that shares
/// the master key derives the same keys, and another deployment cannot compute or correlate them.
/// </summary>
public sealed class HashingKeys
{
    private readonly byte[] _velocity;
    private readonly byte[] _device;

    private HashingKeys(byte[] velocity, byte[] device)
    {
        _velocity = velocity;
        _device = device;
    }

    /// <summary>Keys the velocity counters (<see cref="Velocity.VelocityKeys"/>).</summary>
    public ReadOnlySpan<byte> Velocity => _velocity;

    /// <summary>Keys <see cref="Signals.DeviceHash"/>.</summary>
    public ReadOnlySpan<byte> Device => _device;

    public static HashingKeys Derive(ReadOnlySpan<byte> masterKey) => new(
        Derive(masterKey, "bulwark/velocity-keys/v1"),
        Derive(masterKey, "bulwark/device-hash/v1"));

    private static byte[] Derive(ReadOnlySpan<byte> masterKey, string purpose)
    {
        var output = new byte[SipHash.KeySize];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, output, salt: [], info: Encoding.UTF8.GetBytes(purpose));
        return output;
    }
}
