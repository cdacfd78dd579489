using System.Text.Json.Serialization;

namespace Bulwark.Core.Protocol;

/// <summary>A reCAPTCHA Enterprise key resource (proto message <c>Key</c>).</summary>
public sealed class Key
{
    public string? Name { get; set; }
    public string? DisplayName { get; set; }
    public WebKeySettings? WebSettings { get; set; }
    public AndroidKeySettings? AndroidSettings { get; set; }
    [JsonPropertyName("iosSettings")]
    public IosKeySettings? IosSettings { get; set; }
    public ExpressKeySettings? ExpressSettings { get; set; }
    public Dictionary<string, string>? Labels { get; set; }
    [JsonConverter(typeof(TimestampConverter))]
    public DateTimeOffset? CreateTime { get; set; }
    public TestingOptions? TestingOptions { get; set; }
    public WafSettings? WafSettings { get; set; }

    public Key Clone() => ProtocolJson.Clone(this);
}

public sealed class WebKeySettings
{
    public bool AllowAllDomains { get; set; }
    public List<string>? AllowedDomains { get; set; }
    public bool AllowAmpTraffic { get; set; }
    public IntegrationType IntegrationType { get; set; }
    public ChallengeSecurityPreference ChallengeSecurityPreference { get; set; }
    public ChallengeSettings? ChallengeSettings { get; set; }
}

public sealed class ChallengeSettings
{
    public ActionSettings? DefaultSettings { get; set; }
    public Dictionary<string, ActionSettings>? ActionSettings { get; set; }
}

public sealed class ActionSettings
{
    public float ScoreThreshold { get; set; }
}

public sealed class AndroidKeySettings
{
    public bool AllowAllPackageNames { get; set; }
    public List<string>? AllowedPackageNames { get; set; }
    public bool SupportNonGoogleAppStoreDistribution { get; set; }
}

public sealed class IosKeySettings
{
    public bool AllowAllBundleIds { get; set; }
    public List<string>? AllowedBundleIds { get; set; }
    public AppleDeveloperId? AppleDeveloperId { get; set; }
}

public sealed class AppleDeveloperId
{
    /// <summary>Input only: never returned by the API.</summary>
    public string? PrivateKey { get; set; }
    public string? KeyId { get; set; }
    public string? TeamId { get; set; }
}

public sealed class ExpressKeySettings
{
}

public sealed class TestingOptions
{
    public float? TestingScore { get; set; }
    public TestingChallenge TestingChallenge { get; set; }
}

public sealed class WafSettings
{
    public WafService WafService { get; set; }
    public WafFeature WafFeature { get; set; }
}

public sealed class ListKeysResponse
{
    public List<Key> Keys { get; set; } = [];
    public string? NextPageToken { get; set; }
}

public sealed class RetrieveLegacySecretKeyResponse
{
    public string? LegacySecretKey { get; set; }
}

public sealed class MigrateKeyRequest
{
    public bool SkipBillingCheck { get; set; }
}
