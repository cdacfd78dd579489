using System.Text.Json.Serialization;

namespace Bulwark.Core.Protocol;

/// <summary>The proto message <c>Assessment</c>: the request and the answer of createAssessment.</summary>
public sealed class Assessment
{
    public string? Name { get; set; }
    public Event? Event { get; set; }
    public RiskAnalysis? RiskAnalysis { get; set; }
    public TokenProperties? TokenProperties { get; set; }
    public AssessmentEnvironment? AssessmentEnvironment { get; set; }
}

public sealed class Event
{
    public string? Token { get; set; }
    public string? SiteKey { get; set; }
    public string? UserAgent { get; set; }
    public string? UserIpAddress { get; set; }
    public string? ExpectedAction { get; set; }
    [JsonConverter(typeof(Base64BytesConverter))]
    public byte[]? HashedAccountId { get; set; }
    public bool? Express { get; set; }
    public string? RequestedUri { get; set; }
    public bool? WafTokenAssessment { get; set; }
    public string? Ja3 { get; set; }
    public string? Ja4 { get; set; }
    public List<string>? Headers { get; set; }
    public bool? FirewallPolicyEvaluation { get; set; }
    public TransactionData? TransactionData { get; set; }
    public UserInfo? UserInfo { get; set; }
    public FraudPrevention? FraudPrevention { get; set; }

    /// <summary>A shallow copy without the token: a spent token is worth nothing, so it is not stored.</summary>
    public Event WithoutToken()
    {
        var copy = (Event)MemberwiseClone();
        copy.Token = null;
        return copy;
    }
}

public sealed class TransactionData
{
    public string? TransactionId { get; set; }
    public string? PaymentMethod { get; set; }
    public string? CardBin { get; set; }
    public string? CardLastFour { get; set; }
    public string? CurrencyCode { get; set; }
    public double? Value { get; set; }
    public double? ShippingValue { get; set; }
    public TransactionAddress? ShippingAddress { get; set; }
    public TransactionAddress? BillingAddress { get; set; }
    public TransactionUser? User { get; set; }
    public List<TransactionUser>? Merchants { get; set; }
    public List<TransactionItem>? Items { get; set; }
    public GatewayInfo? GatewayInfo { get; set; }
}

public sealed class TransactionAddress
{
    public string? Recipient { get; set; }
    public List<string>? Address { get; set; }
    public string? Locality { get; set; }
    public string? AdministrativeArea { get; set; }
    public string? RegionCode { get; set; }
    public string? PostalCode { get; set; }
}

public sealed class TransactionUser
{
    public string? AccountId { get; set; }
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)]
    public long? CreationMs { get; set; }
    public string? Email { get; set; }
    public bool? EmailVerified { get; set; }
    public string? PhoneNumber { get; set; }
    public bool? PhoneVerified { get; set; }
}

public sealed class TransactionItem
{
    public string? Name { get; set; }
    public double? Value { get; set; }
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)]
    public long? Quantity { get; set; }
    public string? MerchantAccountId { get; set; }
}

public sealed class GatewayInfo
{
    public string? Name { get; set; }
    public string? GatewayResponseCode { get; set; }
    public string? AvsResponseCode { get; set; }
    public string? CvvResponseCode { get; set; }
}

public sealed class UserInfo
{
    [JsonConverter(typeof(TimestampConverter))]
    public DateTimeOffset? CreateAccountTime { get; set; }
    public string? AccountId { get; set; }
    public List<UserId>? UserIds { get; set; }
}

public sealed class UserId
{
    public string? Email { get; set; }
    public string? PhoneNumber { get; set; }
    public string? Username { get; set; }
}

public sealed class RiskAnalysis
{
    public float Score { get; set; }
    public List<ClassificationReason> Reasons { get; set; } = [];
    public List<string>? ExtendedVerdictReasons { get; set; }
    public RiskChallenge Challenge { get; set; }
}

public sealed class TokenProperties
{
    public bool Valid { get; set; }
    public InvalidReason InvalidReason { get; set; }
    [JsonConverter(typeof(TimestampConverter))]
    public DateTimeOffset? CreateTime { get; set; }
    public string? Hostname { get; set; }
    public string? AndroidPackageName { get; set; }
    public string? IosBundleId { get; set; }
    public string? Action { get; set; }
}

public sealed class AssessmentEnvironment
{
    public string? Client { get; set; }
    public string? Version { get; set; }
}

/// <summary>Body of <c>:annotate</c> (the proto message <c>AnnotateAssessmentRequest</c> less its name).</summary>
public sealed class AnnotateAssessmentRequest
{
    public Annotation Annotation { get; set; }
    public List<AnnotationReason>? Reasons { get; set; }
    public string? AccountId { get; set; }
    [JsonConverter(typeof(Base64BytesConverter))]
    public byte[]? HashedAccountId { get; set; }
    public TransactionEvent? TransactionEvent { get; set; }
    public PhoneAuthenticationEvent? PhoneAuthenticationEvent { get; set; }
}

public sealed class TransactionEvent
{
    public TransactionEventType EventType { get; set; }
    public string? Reason { get; set; }
    public double? Value { get; set; }
    [JsonConverter(typeof(TimestampConverter))]
    public DateTimeOffset? EventTime { get; set; }
}

public sealed class PhoneAuthenticationEvent
{
    public string? PhoneNumber { get; set; }
    [JsonConverter(typeof(TimestampConverter))]
    public DateTimeOffset? EventTime { get; set; }
}

public sealed class EmptyMessage
{
}
