using Bulwark.Storage.Postgres;
using Npgsql;

namespace Bulwark.Storage.Tests.Postgres;

public sealed class PostgresDatabaseTests
{
    [Fact]
    public void ConnectionString_WithoutAutoPrepare_GetsTheDefault()
    {
        var cs = PostgresDatabase.WithDefaults("Host=db;Database=bulwark;Username=bulwark");

        var parsed = new NpgsqlConnectionStringBuilder(cs);
        Assert.Equal(PostgresDatabase.DefaultMaxAutoPrepare, parsed.MaxAutoPrepare);
        Assert.Equal("db", parsed.Host);
        Assert.Equal("bulwark", parsed.Database);
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;MaxAutoPrepare=5", 5)]
    [InlineData("Host=db;max auto prepare=7", 7)]
    public void ConnectionString_ThatSetsAutoPrepare_IsKeptAsIs(string connectionString, int expected)
    {
        var cs = PostgresDatabase.WithDefaults(connectionString);

        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(cs).MaxAutoPrepare);
    }
}
