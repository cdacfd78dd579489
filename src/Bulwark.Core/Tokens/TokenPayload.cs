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

    /// <summary>The payload carried no collector challenge (the script could not fetch one, or a client built the payload itself).</summary>
    ChallengeMissing = 4,

    /// <summary>The challenge was not one this deployment issued, was for another site key, or had expired.</summary>
    ChallengeInvalid = 8,

    /// <summary>The collector's proof over the challenge and the payload did not verify (the payload was edited or forged).</summary>
    ProofMismatch = 16,

    /// <summary>Sec-CH-UA-Platform / Sec-CH-UA headers contradicted the page's userAgentData or user agent.</summary>
    ClientHintsMismatch = 32,

    /// <summary>The first Accept-Language tag did not match navigator.languages[0] (primary subtag).</summary>
    LanguageMismatch = 64,

    /// <summary>The page's claimed time since the challenge contradicts the server's clock (payload prepared elsewhere or replayed).</summary>
    ChallengeTimingMismatch = 128,
}
