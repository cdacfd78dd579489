namespace Bulwark.Core.Protocol;

// Enum members are named so that JsonNamingPolicy.SnakeCaseUpper yields the proto names,
// and their values are the proto numbers, so both JSON encodings come for free.

public enum InvalidReason
{
    InvalidReasonUnspecified = 0,
    UnknownInvalidReason = 1,
    Malformed = 2,
    Expired = 3,
    Dupe = 4,
    Missing = 5,
    BrowserError = 6,
    UnexpectedAction = 7,
}

public enum ClassificationReason
{
    ClassificationReasonUnspecified = 0,
    Automation = 1,
    UnexpectedEnvironment = 2,
    TooMuchTraffic = 3,
    UnexpectedUsagePatterns = 4,
    LowConfidenceScore = 5,
    SuspectedCarding = 6,
    SuspectedChargeback = 7,
}

public enum RiskChallenge
{
    ChallengeUnspecified = 0,
    Nocaptcha = 1,
    Passed = 2,
    Failed = 3,
}

public enum FraudPrevention
{
    FraudPreventionUnspecified = 0,
    Enabled = 1,
    Disabled = 2,
}

public enum IntegrationType
{
    IntegrationTypeUnspecified = 0,
    Score = 1,
    Checkbox = 2,
    Invisible = 3,
    PolicyBasedChallenge = 5,
}

public enum ChallengeSecurityPreference
{
    ChallengeSecurityPreferenceUnspecified = 0,
    Usability = 1,
    Balance = 2,
    Security = 3,
}

public enum TestingChallenge
{
    TestingChallengeUnspecified = 0,
    Nocaptcha = 1,
    UnsolvableChallenge = 2,
}

public enum WafService
{
    WafServiceUnspecified = 0,
    Ca = 1,
    Fastly = 3,
    Cloudflare = 4,
    Akamai = 5,
}

public enum WafFeature
{
    WafFeatureUnspecified = 0,
    ChallengePage = 1,
    SessionToken = 2,
    ActionToken = 3,
    Express = 5,
}

public enum Annotation
{
    AnnotationUnspecified = 0,
    Legitimate = 1,
    Fraudulent = 2,
    PasswordCorrect = 3,
    PasswordIncorrect = 4,
}

public enum AnnotationReason
{
    ReasonUnspecified = 0,
    Chargeback = 1,
    PaymentHeuristics = 2,
    PassedTwoFactor = 3,
    FailedTwoFactor = 4,
    CorrectPassword = 5,
    IncorrectPassword = 6,
    InitiatedTwoFactor = 7,
    ChargebackFraud = 8,
    ChargebackDispute = 9,
    Refund = 10,
    RefundFraud = 11,
    TransactionAccepted = 12,
    TransactionDeclined = 13,
    SocialSpam = 14,
}

public enum TransactionEventType
{
    TransactionEventTypeUnspecified = 0,
    MerchantApprove = 1,
    MerchantDeny = 2,
    ManualReview = 3,
    Authorization = 4,
    AuthorizationDecline = 5,
    PaymentCapture = 6,
    PaymentCaptureDecline = 7,
    Cancel = 8,
    ChargebackInquiry = 9,
    ChargebackAlert = 10,
    FraudNotification = 11,
    Chargeback = 12,
    ChargebackRepresentment = 13,
    ChargebackReverse = 14,
    RefundRequest = 15,
    RefundDecline = 16,
    Refund = 17,
    RefundReverse = 18,
}
