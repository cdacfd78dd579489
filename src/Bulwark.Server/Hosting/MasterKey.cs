namespace Bulwark.Server.Hosting;

/// <summary>The master key, loaded once (<see cref="MasterKeyLoader"/>) for everything derived from it.</summary>
internal sealed class MasterKey(byte[] bytes)
{
    public byte[] Bytes { get; } = bytes;
}
