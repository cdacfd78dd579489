namespace Bulwark.Server.Tests;

/// <summary>One real server per test class (full tier); classes that need another shape start their own.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public BulwarkServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await BulwarkServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
