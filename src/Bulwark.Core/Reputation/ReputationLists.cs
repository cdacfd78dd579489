using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bulwark.Core.Reputation;

/// <summary>
/// The operator's network lists (<see cref="ReputationOptions.Directory"/>), loaded at start and
/// reloaded when a file changes (<see cref="ReloadIfChanged"/>, polled by the host). A reload builds
/// new lists aside and swaps them in whole, so a lookup never sees half a reload. A missing
/// directory, an unreadable file or a malformed line is logged and skipped, never fatal.
/// </summary>
public sealed partial class ReputationLists
{
    private static readonly string[] Patterns = ["*.txt", "*.cidr"];
    private readonly string? _directory;
    private readonly ILogger<ReputationLists> _logger;
    private volatile Loaded _loaded = new([], [], string.Empty);

    public ReputationLists(IOptions<ReputationOptions> options, ILogger<ReputationLists> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _directory = string.IsNullOrWhiteSpace(options.Value.Directory) ? null : options.Value.Directory;
        _logger = logger;
        ReloadIfChanged();
    }

    /// <summary>The files behind the current lists.</summary>
    public IReadOnlyList<ReputationFile> Files => _loaded.Files;

    public NetworkCategory Lookup(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var category = NetworkCategory.None;
        foreach (var (listCategory, list) in _loaded.Lists)
        {
            if ((category & listCategory) == 0 && list.Contains(address))
            {
                category |= listCategory;
            }
        }

        return category;
    }

    /// <summary>Looks up an address as a token carries it; anything that does not parse is <see cref="NetworkCategory.None"/>.</summary>
    public NetworkCategory Lookup(string? address) =>
        !string.IsNullOrEmpty(address) && IPAddress.TryParse(address, out var ip) ? Lookup(ip) : NetworkCategory.None;

    /// <summary>The category a file's name gives it: hosting*, tor*, proxy*, abuse* or deny*; anything else is not a list.</summary>
    public static NetworkCategory CategoryOf(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var name = Path.GetFileName(fileName);
        return name.StartsWith("hosting", StringComparison.OrdinalIgnoreCase) ? NetworkCategory.Hosting
            : name.StartsWith("tor", StringComparison.OrdinalIgnoreCase) ? NetworkCategory.Tor
            : name.StartsWith("proxy", StringComparison.OrdinalIgnoreCase) ? NetworkCategory.Proxy
            : name.StartsWith("abuse", StringComparison.OrdinalIgnoreCase) || name.StartsWith("deny", StringComparison.OrdinalIgnoreCase) ? NetworkCategory.Abuse
            : NetworkCategory.None;
    }

    /// <summary>Reloads every list when any file was added, removed or changed since the last load.</summary>
    /// <returns>true when the lists were reloaded.</returns>
    public bool ReloadIfChanged()
    {
        if (_directory is null)
        {
            return false;
        }

        string[] paths;
        string stamp;
        try
        {
            if (!Directory.Exists(_directory))
            {
                if (_loaded.Stamp != "missing")
                {
                    LogDirectoryMissing(_logger, _directory);
                    _loaded = new([], [], "missing");
                }

                return false;
            }

            paths = [.. Patterns.SelectMany(p => Directory.EnumerateFiles(_directory, p)).Order(StringComparer.Ordinal)];
            stamp = string.Join('\n', paths.Select(p => new FileInfo(p)).Select(f => $"{f.Name}|{f.LastWriteTimeUtc.Ticks}|{f.Length}"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogReadFailed(_logger, _directory, ex);
            return false;
        }

        if (stamp == _loaded.Stamp)
        {
            return false;
        }

        var lists = new Dictionary<NetworkCategory, List<string>>();
        var files = new List<ReputationFile>();
        foreach (var path in paths)
        {
            var name = Path.GetFileName(path);
            var category = CategoryOf(name);
            if (category == NetworkCategory.None)
            {
                LogUnknownFile(_logger, name);
                continue;
            }

            string[] lines;
            try
            {
                lines = File.ReadAllLines(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                LogReadFailed(_logger, path, ex);
                return false; // all or nothing: try again at the next poll
            }

            NetworkList.Parse(lines, out var entries, out var malformed);
            files.Add(new ReputationFile(name, category, entries, malformed));
            LogFileLoaded(_logger, name, category, entries, malformed);
            if (!lists.TryGetValue(category, out var all))
            {
                lists[category] = all = [];
            }

            all.AddRange(lines);
        }

        _loaded = new Loaded(
            [.. lists.Select(l => (l.Key, NetworkList.Parse(l.Value, out _, out _)))],
            files,
            stamp);
        return true;
    }

    private sealed record Loaded((NetworkCategory Category, NetworkList List)[] Lists, IReadOnlyList<ReputationFile> Files, string Stamp);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reputation list {File} ({Category}): {Entries} entries, {Malformed} malformed lines skipped")]
    private static partial void LogFileLoaded(ILogger logger, string file, NetworkCategory category, int entries, int malformed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reputation list {File} skipped: its name does not start with hosting, tor, proxy, abuse or deny")]
    private static partial void LogUnknownFile(ILogger logger, string file);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reputation directory {Directory} does not exist; no lists are loaded")]
    private static partial void LogDirectoryMissing(ILogger logger, string directory);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading reputation lists at {Path} failed; keeping the current lists")]
    private static partial void LogReadFailed(ILogger logger, string path, Exception exception);
}
