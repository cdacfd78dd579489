using System.Text;
using Bulwark.Core.Signals;
using Bulwark.Core.Tokens;

namespace Bulwark.Core.Tests.Tokens;

public sealed class CollectorBindingTests
{
    private const string SiteKey = "6Lsitekey";
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TokenKey _key = TokenKey.Generate(1, T0, T0);

    /// <summary>A payload as the script builds it: signals text, then the proof over challenge | text.</summary>
    private static (ClientSignals Signals, byte[] Raw, string Proof) Payload(string? challenge, int? ageMs)
    {
        var json = new StringBuilder("{\"v\":2,\"ua\":\"Mozilla/5.0\"");
        if (challenge is not null)
        {
            json.Append(",\"cn\":\"").Append(challenge).Append('"');
        }

        if (ageMs is not null)
        {
            json.Append(",\"ca\":").Append(ageMs.Value);
        }

        json.Append('}');
        var text = json.ToString();
        var raw = Encoding.UTF8.GetBytes(text);
        var signals = ClientSignals.Parse(raw)!;
        signals.Sanitize();
        return (signals, raw, challenge is null ? string.Empty : PayloadProof.Compute(challenge, text));
    }

    private TokenFlags Check((ClientSignals Signals, byte[] Raw, string Proof) p, DateTimeOffset now, string? proof = null, TokenKey? key = null) =>
        CollectorBinding.Check(p.Signals, p.Raw, proof ?? p.Proof, SiteKey, key ?? _key, now);

    [Fact]
    public void Check_HonestPayload_RaisesNothing()
    {
        var challenge = CollectorChallenge.Issue(_key, SiteKey, T0);
        Assert.Equal(TokenFlags.None, Check(Payload(challenge, 60_000), T0.AddMinutes(1)));
    }

    [Fact]
    public void Check_NoChallenge_IsChallengeMissing() =>
        Assert.Equal(TokenFlags.ChallengeMissing, Check(Payload(null, null), T0));

    [Fact]
    public void Check_ForgedChallenge_IsChallengeInvalid()
    {
        var forged = CollectorChallenge.Issue(TokenKey.Generate(1, T0, T0), SiteKey, T0);
        Assert.Equal(TokenFlags.ChallengeInvalid, Check(Payload(forged, 0), T0));
    }

    [Fact]
    public void Check_ChallengeForAnotherSiteKey_IsChallengeInvalid()
    {
        var other = CollectorChallenge.Issue(_key, "6Lotherkey", T0);
        Assert.Equal(TokenFlags.ChallengeInvalid, Check(Payload(other, 0), T0));
    }

    [Fact]
    public void Check_ExpiredChallenge_IsChallengeInvalid()
    {
        var challenge = CollectorChallenge.Issue(_key, SiteKey, T0);
        Assert.Equal(TokenFlags.ChallengeInvalid, Check(Payload(challenge, 31 * 60_000), T0.AddMinutes(31)));
    }

    [Fact]
    public void Check_UnknownRingKey_IsChallengeInvalid()
    {
        var challenge = CollectorChallenge.Issue(TokenKey.Generate(9, T0, T0), SiteKey, T0);
        var payload = Payload(challenge, 0);
        Assert.Equal(TokenFlags.ChallengeInvalid, CollectorBinding.Check(payload.Signals, payload.Raw, payload.Proof, SiteKey, null, T0));
    }

    [Fact]
    public void Check_EditedSignals_IsProofMismatch()
    {
        var challenge = CollectorChallenge.Issue(_key, SiteKey, T0);
        var honest = Payload(challenge, 1000);
        var edited = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(honest.Raw).Replace("Mozilla/5.0", "Mozilla/5.1", StringComparison.Ordinal));
        Assert.Equal(TokenFlags.ProofMismatch, CollectorBinding.Check(honest.Signals, edited, honest.Proof, SiteKey, _key, T0.AddSeconds(1)));
    }

    [Fact]
    public void Check_NoProof_IsProofMismatch()
    {
        var challenge = CollectorChallenge.Issue(_key, SiteKey, T0);
        var payload = Payload(challenge, 1000);
        Assert.Equal(TokenFlags.ProofMismatch, CollectorBinding.Check(payload.Signals, payload.Raw, null, SiteKey, _key, T0.AddSeconds(1)));
    }

    [Theory]
    [InlineData(600, 0, true)] // ten minutes old on the server, "just fetched" on the page: prepared elsewhere
    [InlineData(600, 480_000, false)] // within 25%
    [InlineData(600, 440_000, true)]
    [InlineData(10, 14_000, false)] // within the 5 s floor
    [InlineData(10, 16_000, true)]
    [InlineData(1, null, true)] // a challenge but no age: not our script
    public void Check_PageAgeAgainstServerAge(int serverSeconds, int? pageAgeMs, bool mismatch)
    {
        var challenge = CollectorChallenge.Issue(_key, SiteKey, T0);
        var flags = Check(Payload(challenge, pageAgeMs), T0.AddSeconds(serverSeconds));
        Assert.Equal(mismatch ? TokenFlags.ChallengeTimingMismatch : TokenFlags.None, flags);
    }
}
