using Bulwark.Core.Reputation;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bulwark.Core.Tests.Reputation;

public sealed class ReputationListsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bulwark-reputation-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private ReputationLists Load(string? directory = null) =>
        new(Options.Create(new ReputationOptions { Directory = directory ?? _dir }), NullLogger<ReputationLists>.Instance);

    [Theory]
    [InlineData("hosting-aws.txt", NetworkCategory.Hosting)]
    [InlineData("Tor-exits.cidr", NetworkCategory.Tor)]
    [InlineData("proxy.txt", NetworkCategory.Proxy)]
    [InlineData("abuse-2026.txt", NetworkCategory.Abuse)]
    [InlineData("deny.txt", NetworkCategory.Abuse)]
    [InlineData("notes.txt", NetworkCategory.None)]
    public void CategoryOf_TheFileNamesPrefix(string name, NetworkCategory expected) =>
        Assert.Equal(expected, ReputationLists.CategoryOf(name));

    [Fact]
    public void Lookup_CombinesTheCategoriesOfEveryList()
    {
        File.WriteAllLines(Path.Combine(_dir, "hosting-a.txt"), ["203.0.113.0/24", "bad line"]);
        File.WriteAllLines(Path.Combine(_dir, "hosting-b.cidr"), ["2001:db8::/32"]);
        File.WriteAllLines(Path.Combine(_dir, "tor.txt"), ["203.0.113.9"]);
        File.WriteAllLines(Path.Combine(_dir, "deny.txt"), ["198.51.100.1"]);
        File.WriteAllLines(Path.Combine(_dir, "other.txt"), ["192.0.2.1"]);
        File.WriteAllLines(Path.Combine(_dir, "hosting.json"), ["192.0.2.2"]);

        var lists = Load();

        Assert.Equal(NetworkCategory.Hosting | NetworkCategory.Tor, lists.Lookup("203.0.113.9"));
        Assert.Equal(NetworkCategory.Hosting, lists.Lookup("203.0.113.10"));
        Assert.Equal(NetworkCategory.Hosting, lists.Lookup("2001:db8::1"));
        Assert.Equal(NetworkCategory.Abuse, lists.Lookup("::ffff:198.51.100.1"));
        Assert.Equal(NetworkCategory.None, lists.Lookup("192.0.2.1"));
        Assert.Equal(NetworkCategory.None, lists.Lookup("192.0.2.2"));
        Assert.Equal(NetworkCategory.None, lists.Lookup("garbage"));
        Assert.Equal(NetworkCategory.None, lists.Lookup((string?)null));
        Assert.Equal(1, lists.Files.Single(f => f.Name == "hosting-a.txt").Malformed);
        Assert.Equal(4, lists.Files.Count);
    }

    [Fact]
    public void ReloadIfChanged_PicksUpChangedAddedAndRemovedFiles()
    {
        var tor = Path.Combine(_dir, "tor.txt");
        File.WriteAllLines(tor, ["192.0.2.1"]);
        var lists = Load();
        Assert.False(lists.ReloadIfChanged());

        File.WriteAllLines(tor, ["192.0.2.2", "192.0.2.3"]);
        File.SetLastWriteTimeUtc(tor, DateTime.UtcNow.AddMinutes(1));
        Assert.True(lists.ReloadIfChanged());
        Assert.Equal(NetworkCategory.None, lists.Lookup("192.0.2.1"));
        Assert.Equal(NetworkCategory.Tor, lists.Lookup("192.0.2.2"));

        File.WriteAllLines(Path.Combine(_dir, "proxy.txt"), ["192.0.2.2"]);
        Assert.True(lists.ReloadIfChanged());
        Assert.Equal(NetworkCategory.Tor | NetworkCategory.Proxy, lists.Lookup("192.0.2.2"));

        File.Delete(tor);
        Assert.True(lists.ReloadIfChanged());
        Assert.Equal(NetworkCategory.Proxy, lists.Lookup("192.0.2.2"));
    }

    [Fact]
    public void NoDirectory_NoLists()
    {
        var none = new ReputationLists(Options.Create(new ReputationOptions()), NullLogger<ReputationLists>.Instance);
        Assert.Equal(NetworkCategory.None, none.Lookup("192.0.2.1"));
        Assert.Equal(NetworkCategory.None, Load(Path.Combine(_dir, "missing")).Lookup("192.0.2.1"));
    }

    [Fact]
    public void ShippedSamples_Load()
    {
        var samples = Path.Combine(AppContext.BaseDirectory, "../../../../../config/reputation");
        var lists = Load(samples);
        Assert.Equal(NetworkCategory.Hosting, lists.Lookup("13.32.1.1"));
        Assert.Equal(NetworkCategory.Tor, lists.Lookup("192.0.2.10"));
        Assert.All(lists.Files, f => Assert.Equal(0, f.Malformed));
    }
}
