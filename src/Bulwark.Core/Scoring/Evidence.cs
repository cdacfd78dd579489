using Bulwark.Core.Protocol;

namespace Bulwark.Core.Scoring;

/// <summary>One piece of evidence: a named signal, its pull on the log-odds of "human", and the reason code it supports.</summary>
public readonly record struct Evidence(string Signal, double Weight, ClassificationReason Reason);

/// <summary>
/// How far a kind of evidence may move a score. Definitive and strong evidence counts in full;
/// soft evidence (facts privacy browsers, VPNs, autofill or assistive technology also produce)
/// is capped as a group, so it lowers a score a little and never to the bottom; behaviour is
/// capped as a group too, since behaviour alone must not make a bot verdict.
/// </summary>
public enum EvidenceStrength
{
    Definitive,
    Strong,
    Soft,
    Behaviour,
}
