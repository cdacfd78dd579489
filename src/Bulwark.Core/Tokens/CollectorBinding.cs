using System.Text;
using Bulwark.Core.Signals;

namespace Bulwark.Core.Tokens;

/// <summary>
/// Checks that a payload was built by the collector on this page just now: it carries a challenge
/// this deployment issued for this site key, a proof over exactly the bytes sent, and a page-side
/// age of the challenge that agrees with the server's clock.
/// </summary>
public static class CollectorBinding
{
    /// <summary>Tolerated disagreement between the page's and the server's age of a challenge: the larger of this and <see cref="TimingTolerance"/>.</summary>
    public static readonly TimeSpan MinTimingSlack = TimeSpan.FromSeconds(5);

    public const double TimingTolerance = 0.25;

    /// <param name="signals">The payload, parsed and sanitised.</param>
    /// <param name="rawSignals">The payload's bytes as sent (UTF-8 JSON): what the proof covers.</param>
    /// <param name="key">The ring key the challenge names, already looked up (null when unknown).</param>
    public static TokenFlags Check(ClientSignals signals, ReadOnlySpan<byte> rawSignals, string? proof, string siteKey, TokenKey? key, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(signals);
        var challenge = signals.Challenge;
        if (string.IsNullOrEmpty(challenge))
        {
            return TokenFlags.ChallengeMissing;
        }

        var flags = TokenFlags.None;
        if (!PayloadProof.Verify(challenge, Encoding.UTF8.GetString(rawSignals), proof))
        {
            flags |= TokenFlags.ProofMismatch;
        }

        if (CollectorChallenge.Verify(challenge, siteKey, key, now, out var issuedAt) != ChallengeVerdict.Valid)
        {
            return flags | TokenFlags.ChallengeInvalid;
        }

        if (TimingContradicts(now - issuedAt, signals.ChallengeAgeMs))
        {
            flags |= TokenFlags.ChallengeTimingMismatch;
        }

        return flags;
    }

    /// <summary>The challenge's issuance time has a one-second resolution and the fetch took a round trip: hence the slack.</summary>
    internal static bool TimingContradicts(TimeSpan serverAge, int? pageAgeMs)
    {
        if (pageAgeMs is null)
        {
            return true;
        }

        var slack = Math.Max(MinTimingSlack.TotalMilliseconds, serverAge.TotalMilliseconds * TimingTolerance);
        return Math.Abs(serverAge.TotalMilliseconds - pageAgeMs.Value) > slack;
    }
}
