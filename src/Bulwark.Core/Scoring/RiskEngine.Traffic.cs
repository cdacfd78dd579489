using Bulwark.Core.Protocol;
using Bulwark.Core.Reputation;

namespace Bulwark.Core.Scoring;

public sealed partial class RiskEngine
{
    /// <summary>
    /// Traffic and network: velocity over the limits (TOO_MUCH_TRAFFIC), scaled by how far over;
    /// hosting networks, Tor and proxies only nudge (people use VPNs and cloud desktops).
    /// </summary>
    private void AddTrafficEvidence(RiskContext context, EvidenceSet set)
    {
        var v = context.Velocity;
        AddVelocity("velocity-address-minute", v.AddressPerMinute, _limits.AddressPerMinute, set);
        AddVelocity("velocity-address-hour", v.AddressPerHour, _limits.AddressPerHour, set);
        AddVelocity("velocity-network-minute", v.NetworkPerMinute, _limits.NetworkPerMinute, set);
        AddVelocity("velocity-network-hour", v.NetworkPerHour, _limits.NetworkPerHour, set);
        AddVelocity("velocity-site-minute", v.SitePerMinute, _limits.SitePerMinute, set);
        AddVelocity("velocity-action-minute", v.ActionPerMinute, _limits.ActionPerMinute, set);
        AddVelocity("velocity-account-hour", v.AccountPerHour, _limits.AccountPerHour, set);
        AddVelocity("velocity-device-hour", v.DevicePerHour, _limits.DevicePerHour, set);
        AddVelocity("challenge-reused", v.ChallengeUses, _limits.ChallengeUses, set);

        var network = context.Network;
        if ((network & NetworkCategory.Abuse) != 0)
        {
            set.Add(EvidenceStrength.Strong, "network-deny-listed", -3.0, ClassificationReason.UnexpectedUsagePatterns);
        }

        if ((network & NetworkCategory.Hosting) != 0)
        {
            set.Add(EvidenceStrength.Soft, "network-hosting", -1.0, ClassificationReason.UnexpectedEnvironment);
        }

        if ((network & NetworkCategory.Tor) != 0)
        {
            set.Add(EvidenceStrength.Soft, "network-tor", -1.0, ClassificationReason.UnexpectedEnvironment);
        }

        if ((network & NetworkCategory.Proxy) != 0)
        {
            set.Add(EvidenceStrength.Soft, "network-proxy", -0.75, ClassificationReason.UnexpectedEnvironment);
        }
    }

    private static void AddVelocity(string signal, long count, int limit, EvidenceSet set)
    {
        if (limit <= 0 || count <= limit)
        {
            return;
        }

        // Just over the limit pulls -1.5; each doubling another -1.5, down to -5.
        var weight = Math.Max(-5.0, -1.5 - (1.5 * Math.Log2((double)count / limit)));
        set.Add(EvidenceStrength.Strong, signal, Math.Round(weight, 3), ClassificationReason.TooMuchTraffic);
    }
}
