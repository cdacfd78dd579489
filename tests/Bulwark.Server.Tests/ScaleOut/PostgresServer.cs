using System.Diagnostics;

namespace Bulwark.Server.Tests.ScaleOut;

/// <summary>
/// A PostgreSQL server of a test's own (scripts/postgres.sh, the one the suite and the benchmarks
/// start), which the test may stop and start again on the same data and port: a real outage, which
/// the suite's shared server cannot have without failing every other test.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _dataDir;

    private PostgresServer(string dataDir, string connectionString)
    {
        _dataDir = dataDir;
        ConnectionString = connectionString;
    }

    /// <summary>The connection string of its <c>postgres</c> database, as its superuser.</summary>
    public string ConnectionString { get; }

    public static async Task<PostgresServer> StartAsync()
    {
        var output = await ScriptAsync("start");
        string Value(string name) => output.Split('\n').Select(line => line.Trim())
            .First(line => line.StartsWith($"export {name}=", StringComparison.Ordinal))[($"export {name}=".Length)..].Trim('\'');
        return new PostgresServer(Value("BULWARK_PGDATA"), Value("BULWARK_TEST_POSTGRES"));
    }

    /// <summary>Stops the server (a fast shutdown: open connections are cut), keeping its data.</summary>
    public Task StopAsync() => ScriptAsync("pause", _dataDir);

    /// <summary>Starts the stopped server again, on the same port.</summary>
    public Task ResumeAsync() => ScriptAsync("resume", _dataDir);

    public async ValueTask DisposeAsync() => await ScriptAsync("stop", _dataDir);

    private static async Task<string> ScriptAsync(params string[] args)
    {
        var info = new ProcessStartInfo("bash", [Script, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/postgres.sh {string.Join(' ', args)} failed: {await error}");
        }

        return await output;
    }

    /// <summary>scripts/postgres.sh of the checkout these tests were built from.</summary>
    private static string Script
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var path = Path.Combine(dir.FullName, "scripts", "postgres.sh");
                if (File.Exists(path))
                {
                    return path;
                }
            }

            throw new FileNotFoundException("scripts/postgres.sh was not found above " + AppContext.BaseDirectory);
        }
    }
}
