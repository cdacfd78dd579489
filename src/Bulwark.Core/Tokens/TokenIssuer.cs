using System.Text.Json;
using System.Text.RegularExpressions;
using Bulwark.Core.Keys;
using Bulwark.Core.Signals;
using Bulwark.Core.Velocity;

namespace Bulwark.Core.Tokens;

/// <summary>
/// Turns a browser's request into a sealed token bound to key, action, hostname and time.
/// Writes nothing to the store; counts the token's keys in memory for velocity.
/// </summary>
public sealed partial class TokenIssuer(SiteKeyCache keys, KeyRingProvider ring, TrafficRecorder traffic, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);

    /// <summary>reCAPTCHA's rule for action names: letters, digits, slashes and underscores.</summary>
    public static bool IsValidAction(string action) => action.Length <= TokenPayload.MaxActionLength && ActionPattern().IsMatch(action);

    public async ValueTask<TokenIssueResult> IssueAsync(TokenIssueRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        if (!SiteKeyId.IsValid(request.SiteKey))
        {
            return new(TokenIssueStatus.UnknownKey, null, null);
        }

        var key = await keys.GetAsync(request.SiteKey, cancellationToken).ConfigureAwait(false);
        if (key is null)
        {
            return new(TokenIssueStatus.UnknownKey, null, null);
        }

        if (key.Key.WebSettings is not { } web)
        {
            return new(TokenIssueStatus.NotAWebKey, null, key);
        }

        var host = request.OriginHost ?? string.Empty;
        if (!web.AllowAllDomains && !DomainMatcher.IsAllowed(host, web.AllowedDomains))
        {
            return new(TokenIssueStatus.DomainNotAllowed, null, key);
        }

        if (!IsValidAction(request.Action))
        {
            return new(TokenIssueStatus.InvalidAction, null, key);
        }

        var now = time.GetUtcNow();
        var sealingKey = ring.Ring.Current(now);
        if (sealingKey is null)
        {
            return new(TokenIssueStatus.NoActiveKey, null, key);
        }

        var flags = TokenFlags.None;
        var signals = ClientSignals.Parse(request.SignalsJson.Span);
        signals?.Sanitize();
        byte[] signalBytes = [];
        if (signals is null)
        {
            flags |= TokenFlags.NoSignals;
        }
        else
        {
            if (signals.UserAgent is not null && request.HeaderUserAgent is not null
                && !string.Equals(signals.UserAgent, ClientSignals.Clip(request.HeaderUserAgent), StringComparison.Ordinal))
            {
                flags |= TokenFlags.UserAgentMismatch;
            }

            flags |= await CheckBindingAsync(signals, request, key.KeyId, now, cancellationToken).ConfigureAwait(false);
            flags |= RequestConsistency.Check(signals, request);
            signalBytes = JsonSerializer.SerializeToUtf8Bytes(signals, SignalsJsonContext.Default.ClientSignals);
        }

        var payload = new TokenPayload
        {
            TokenId = Guid.CreateVersion7(now),
            SiteKey = key.KeyId,
            Action = request.Action,
            Hostname = host.Length <= TokenPayload.MaxHostnameLength ? host : host[..TokenPayload.MaxHostnameLength],
            CreateTime = now,
            ClientIp = request.ClientIp.Length <= TokenPayload.MaxClientIpLength ? request.ClientIp : string.Empty,
            UserAgentHash = UserAgentHash.Of(request.HeaderUserAgent),
            Flags = flags,
            Signals = signalBytes.Length <= TokenPayload.MaxSignalsLength ? signalBytes : [],
        };

        var token = TokenCodec.Seal(payload, sealingKey);
        traffic.RecordIssuance(payload, signals);
        return new(TokenIssueStatus.Issued, token, key);
    }

    /// <summary>A collector challenge for the page (<see cref="CollectorChallenge"/>), under the same key and domain rules as a token.</summary>
    public async ValueTask<(TokenIssueStatus Status, string? Challenge)> IssueChallengeAsync(string siteKey, string? originHost, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(siteKey);
        var key = SiteKeyId.IsValid(siteKey) ? await keys.GetAsync(siteKey, cancellationToken).ConfigureAwait(false) : null;
        if (key is null)
        {
            return (TokenIssueStatus.UnknownKey, null);
        }

        if (key.Key.WebSettings is not { } web)
        {
            return (TokenIssueStatus.NotAWebKey, null);
        }

        // A same-origin GET may carry neither Origin nor Referer: the token request, which always does, decides.
        if (originHost is not null && !web.AllowAllDomains && !DomainMatcher.IsAllowed(originHost, web.AllowedDomains))
        {
            return (TokenIssueStatus.DomainNotAllowed, null);
        }

        var now = time.GetUtcNow();
        var sealingKey = ring.Ring.Current(now);
        return sealingKey is null
            ? (TokenIssueStatus.NoActiveKey, null)
            : (TokenIssueStatus.Issued, CollectorChallenge.Issue(sealingKey, key.KeyId, now));
    }

    private async ValueTask<TokenFlags> CheckBindingAsync(ClientSignals signals, TokenIssueRequest request, string siteKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        TokenKey? challengeKey = null;
        if (CollectorChallenge.TryReadKeyId(signals.Challenge, out var keyId))
        {
            // Another node may have rotated first and issued the challenge under a key this node has not loaded yet.
            challengeKey = ring.Ring.Find(keyId)
                ?? (await ring.ReloadForUnknownKeyAsync(keyId, cancellationToken).ConfigureAwait(false)).Find(keyId);
        }

        return CollectorBinding.Check(signals, request.SignalsJson.Span, request.Proof, siteKey, challengeKey, now);
    }

    [GeneratedRegex("^[A-Za-z0-9/_]*$")]
    private static partial Regex ActionPattern();
}
