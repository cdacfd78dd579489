using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using Bulwark.Server.Tests.ScaleOut;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Bulwark.Server.Tests;

/// <summary>
/// The backup and restore of docs/operations.md, done as written there, with the tools it names
/// (the sqlite3 shell, pg_dump, pg_restore), while a node is answering assessments: a node started
/// on the restored copy must know every key and secret, every assessment answered before the backup
/// began, and every token spent by then.
/// </summary>
public sealed class BackupRestoreTests
{
    private const int Writers = 4;

    [Fact]
    public async Task Sqlite_VacuumIntoWhileAssessing_RestoresAllThatWasAnsweredBeforeIt()
    {
        await using var node = await BulwarkServer.StartAsync();
        var backupDir = Directory.CreateTempSubdirectory("bulwark-backup-").FullName;
        try
        {
            var backupFile = Path.Combine(backupDir, "bulwark-backup.db");
            var restored = await BackUpAndRestoreAsync(
                node,
                backup: () => RunAsync("sqlite3", Path.Combine(node.DataDir, "bulwark.db"), $"VACUUM INTO '{backupFile}'"),
                restore: async () =>
                {
                    // As the docs say: the backup in place as bulwark.db, next to the master key.
                    var dataDir = Directory.CreateTempSubdirectory("bulwark-restored-").FullName;
                    File.Move(backupFile, Path.Combine(dataDir, "bulwark.db"));
                    File.Copy(Path.Combine(node.DataDir, "master.key"), Path.Combine(dataDir, "master.key"));
                    return await BulwarkServer.StartAsync(dataDir: dataDir);
                },
                count: server => server.CountAsync("assessments"));
            await restored.DisposeAsync();
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(backupDir, recursive: true);
        }
    }

    [Fact]
    public async Task Postgres_DumpWhileAssessing_RestoresAllThatWasAnsweredBeforeIt()
    {
        await using var live = await TestDatabase.CreateAsync("bulwark_live");
        await using var copy = await TestDatabase.CreateAsync("bulwark_restored");
        var dumpDir = Directory.CreateTempSubdirectory("bulwark-dump-").FullName;
        var dumpFile = Path.Combine(dumpDir, "bulwark.dump");
        var masterKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        Dictionary<string, string> Settings(TestDatabase database) => new()
        {
            ["Bulwark__Storage__Provider"] = "Postgres",
            ["Bulwark__Storage__ConnectionString"] = database.ConnectionString,
            ["Bulwark__Secrets__MasterKey"] = masterKey,
            ["Bulwark__Demo__Enabled"] = "false",
        };

        try
        {
            await using var node = await BulwarkServer.StartAsync(settings: Settings(live));
            var restored = await BackUpAndRestoreAsync(
                node,
                backup: () => RunAsync(PostgresTool("pg_dump"), "-Fc", "-f", dumpFile, "-d", live.LibpqConnectionString),
                restore: async () =>
                {
                    // Into a new, empty database, as the docs say.
                    await RunAsync(PostgresTool("pg_restore"), "-d", copy.LibpqConnectionString, dumpFile);
                    return await BulwarkServer.StartAsync(settings: Settings(copy));
                },
                count: async server =>
                {
                    await using var db = NpgsqlDataSource.Create(copy.ConnectionString);
                    await using var command = db.CreateCommand("SELECT COUNT(*) FROM assessments");
                    return (long)(await command.ExecuteScalarAsync())!;
                });
            await restored.DisposeAsync();
        }
        finally
        {
            Directory.Delete(dumpDir, recursive: true);
        }
    }

    /// <summary>
    /// Spends a token, keeps one unspent, then backs up while <see cref="Writers"/> clients assess
    /// fresh tokens, stops the node, restores, and checks the restored node. Returns it, to dispose.
    /// </summary>
    private static async Task<BulwarkServer> BackUpAndRestoreAsync(
        BulwarkServer node, Func<Task> backup, Func<Task<BulwarkServer>> restore, Func<BulwarkServer, Task<long>> count)
    {
        var key = await node.CreateWebKeyAsync(["localhost"]);
        var secret = await node.LegacySecretAsync(key);
        var spent = await node.TokenAsync(key);
        var assessment = (await node.AssessAsync($$"""{"token":"{{spent}}"}""")).GetProperty("name").GetString()!;
        var unspent = await node.TokenAsync(key);

        var answered = 0;
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await node.AssessAsync($$"""{"token":"{{await node.TokenAsync(key)}}"}""");
                Interlocked.Increment(ref answered);
            }
        })).ToArray();

        // Under way before the backup starts, and still while it runs.
        while (Volatile.Read(ref answered) < 50)
        {
            await Task.Delay(10);
        }

        var answeredBeforeBackup = Volatile.Read(ref answered) + 1;
        await backup();
        var answeredDuringBackup = Volatile.Read(ref answered) + 1 - answeredBeforeBackup;
        await stop.CancelAsync();
        await Task.WhenAll(writers);
        await node.StopAsync();

        var restored = await restore();
        try
        {
            Assert.True(answeredDuringBackup > 0, "the backup ran while the node was answering");
            Assert.InRange(await count(restored), answeredBeforeBackup, answeredBeforeBackup + answeredDuringBackup + Writers);

            // Keys, wrapped secrets, the token key ring and the replay set came back.
            Assert.Equal(secret, await restored.LegacySecretAsync(key));
            var again = await restored.AssessAsync($$"""{"token":"{{spent}}"}""");
            Assert.Equal("DUPE", again.GetProperty("tokenProperties").GetProperty("invalidReason").GetString());
            var first = await restored.AssessAsync($$"""{"token":"{{unspent}}"}""");
            Assert.True(first.GetProperty("tokenProperties").GetProperty("valid").GetBoolean(), first.ToString());
            using var annotated = await restored.SendAsync(HttpMethod.Post, $"/v1/{assessment}:annotate", """{"annotation":"LEGITIMATE"}""");
            Assert.Equal(HttpStatusCode.OK, annotated.StatusCode);
            var fresh = await restored.AssessAsync($$"""{"token":"{{await restored.TokenAsync(key)}}"}""");
            Assert.True(fresh.GetProperty("tokenProperties").GetProperty("valid").GetBoolean(), fresh.ToString());
            return restored;
        }
        catch
        {
            await restored.DisposeAsync();
            throw;
        }
    }

    /// <summary>The newest installed PostgreSQL's own copy of a client tool (Debian keeps one per version).</summary>
    private static string PostgresTool(string name) =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(dir => Path.Combine(dir, "bin", name))
                .Where(File.Exists)
                .OrderBy(path => int.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(path))), out var major) ? major : 0)
                .LastOrDefault() ?? name
            : name;

    private static async Task RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)} exited with {process.ExitCode}: {await output}{await error}");
    }
}
