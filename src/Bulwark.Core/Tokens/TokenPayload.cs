namespace Bulwark.Core.Tokens;

/// <summary>What a token carries, sealed. Everything here was decided or observed by the server at issuance.</summary>
public sealed record TokenPayload
{
    public const int MaxSiteKeyLength = 64;
    public const int MaxActionLength = 100;
    public const int MaxHostnameLength = 253;
    public const int MaxClientIpLength = 45;
    public const int MaxSignalsLength = 4096;

    /// <summary>Random; the replay set remembers it.</summary>
    public required Guid TokenId { get; init; }

    public required string SiteKey { get; init; }

    public required string Action { get; init; }

    /// <summary>The page's hostname, from the Origin the browser sent (not from the script's word).</summary>
    public required string Hostname { get; init; }

    public required DateTimeOffset CreateTime { get; init; }

    public string ClientIp { get; init; } = string.Empty;

    /// <summary>A short hash of the User-Agent header at issuance, to compare with the one the backend reports.</summary>
    public ulong UserAgentHash { get; init; }

    public TokenFlags Flags { get; init; }

    /// <summary>The collector's compact features (UTF-8 JSON), as the server sanitised them.</summary>
    public ReadOnlyMemory<byte> Signals { get; init; }
}

[Flags]
public enum TokenFlags : byte
{
    None = 0,

    /// <summary>navigator.userAgent differed from the User-Agent header at issuance.</summary>
    UserAgentMismatch = 1,

    /// <summary>The collector's payload was absent or unreadable.</summary>
    NoSignals = 2,
}
