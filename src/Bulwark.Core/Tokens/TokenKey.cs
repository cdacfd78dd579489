using System.Security.Cryptography;

namespace Bulwark.Core.Tokens;

/// <summary>One AES-256-GCM key of the ring, unwrapped.</summary>
public sealed class TokenKey
{
    public const int KeySize = 32;

    public TokenKey(int id, byte[] material, DateTimeOffset createdAt, DateTimeOffset activatesAt)
    {
        if (material.Length != KeySize)
        {
            throw new ArgumentException($"Token keys are {KeySize} bytes.", nameof(material));
        }

        Id = id;
        Material = material;
        CreatedAt = createdAt;
        ActivatesAt = activatesAt;
    }

    public int Id { get; }

    public byte[] Material { get; }

    public DateTimeOffset CreatedAt { get; }

    public DateTimeOffset ActivatesAt { get; }

    public static TokenKey Generate(int id, DateTimeOffset createdAt, DateTimeOffset activatesAt) =>
        new(id, RandomNumberGenerator.GetBytes(KeySize), createdAt, activatesAt);
}
