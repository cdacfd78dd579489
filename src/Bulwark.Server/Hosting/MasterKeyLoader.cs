using Bulwark.Core.Secrets;

namespace Bulwark.Server.Hosting;

/// <summary>The master key from configuration, or from {DataDir}/master.key, created (owner-only) on first start.</summary>
internal static class MasterKeyLoader
{
    public const string FileName = "master.key";

    public static byte[] Load(BulwarkOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.Secrets.MasterKey))
        {
            return Decode(options.Secrets.MasterKey, "Bulwark:Secrets:MasterKey");
        }

        Directory.CreateDirectory(options.DataDir);
        var path = Path.Combine(options.DataDir, FileName);
        if (File.Exists(path))
        {
            return Decode(File.ReadAllText(path).Trim(), path);
        }

        var key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(SecretProtector.MasterKeySize);
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(path, fileOptions))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(Convert.ToBase64String(key));
        }

        return key;
    }

    /// <summary>The keys being rotated out (<see cref="SecretOptions.PreviousMasterKeys"/>).</summary>
    public static IReadOnlyList<byte[]> LoadPrevious(BulwarkOptions options) =>
        options.Secrets.PreviousMasterKeys.Select((key, i) => Decode(key?.Trim() ?? string.Empty, $"Bulwark:Secrets:PreviousMasterKeys:{i}")).ToArray();

    private static byte[] Decode(string base64, string source)
    {
        try
        {
            var key = Convert.FromBase64String(base64);
            if (key.Length == SecretProtector.MasterKeySize)
            {
                return key;
            }
        }
        catch (FormatException)
        {
        }

        throw new InvalidOperationException($"{source} must be base64 of {SecretProtector.MasterKeySize} bytes (e.g. `openssl rand -base64 32`).");
    }
}
