using Bulwark.Core.Protocol;
using Bulwark.Core.Reputation;
using Bulwark.Core.Signals;
using Bulwark.Core.Tokens;
using Bulwark.Core.Velocity;

namespace Bulwark.Core.Scoring;

/// <summary>Everything known about one valid token at assessment time.</summary>
public sealed record RiskContext(TokenPayload Token, ClientSignals? Signals, Event Event, DateTimeOffset Now)
{
    /// <summary>Recent traffic on this token's keys (address, network, site, action, account, device, challenge).</summary>
    public VelocitySnapshot Velocity { get; init; }

    /// <summary>What the operator's lists say about the address the token was issued to.</summary>
    public NetworkCategory Network { get; init; }
}
