using Bulwark.Core.Protocol;
using Bulwark.Core.Secrets;
using Bulwark.Core.Signals;
using Bulwark.Core.Tokens;

namespace Bulwark.Core.Velocity;

/// <summary>
/// Where tokens and assessments meet the velocity counters: counts a token's keys when it is
/// issued, and at assessment reads every window (before counting this assessment) for the engine.
/// In memory only; <see cref="VelocityTracker"/> shares the counts through the store in the background.
/// </summary>
public sealed class TrafficRecorder(VelocityTracker tracker, VelocityKeys keys, HashingKeys hashing)
{
    public void RecordIssuance(TokenPayload payload, ClientSignals? signals)
    {
        ArgumentNullException.ThrowIfNull(payload);
        tracker.RecordIssuance(IssuanceKeysOf(payload, signals), payload.CreateTime);
    }

    /// <summary>The snapshot the engine reads, then this assessment is counted (account and action counts are "before this one").</summary>
    public VelocitySnapshot ObserveAssessment(TokenPayload payload, ClientSignals? signals, Event ev, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(ev);
        var issuance = IssuanceKeysOf(payload, signals);
        var assessment = keys.ForAssessment(payload.SiteKey, payload.Action, ev.HashedAccountId, ev.UserInfo?.AccountId);
        var snapshot = tracker.Snapshot(issuance, assessment, now);
        tracker.RecordAssessment(assessment, now);
        return snapshot;
    }

    private IssuanceKeys IssuanceKeysOf(TokenPayload payload, ClientSignals? signals) =>
        keys.ForIssuance(payload.ClientIp, payload.SiteKey, DeviceHash.Of(signals, hashing.Device), signals?.Challenge);
}
