using Bulwark.Core.Protocol;
using Bulwark.Core.Signals;
using Bulwark.Core.Tokens;

namespace Bulwark.Core.Scoring;

/// <summary>Everything known about one valid token at assessment time.</summary>
public sealed record RiskContext(TokenPayload Token, ClientSignals? Signals, Event Event, DateTimeOffset Now);
