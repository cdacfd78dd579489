namespace Bulwark.Core.Scoring;

/// <summary>
/// Traffic a single key may make before velocity counts as evidence (TOO_MUCH_TRAFFIC).
/// Defaults suit a login or sign-up form; operators tune them (Bulwark:Risk:Limits).
/// Zero turns a dimension off.
/// </summary>
public sealed record RiskLimits
{
    public int AddressPerMinute { get; init; } = 30;

    public int AddressPerHour { get; init; } = 300;

    public int NetworkPerMinute { get; init; } = 120;

    public int NetworkPerHour { get; init; } = 1200;

    public int AccountPerHour { get; init; } = 20;

    public int DevicePerHour { get; init; } = 60;

    /// <summary>Tokens per page load's challenge: more is one collector payload being replayed.</summary>
    public int ChallengeUses { get; init; } = 5;
}
