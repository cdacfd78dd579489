namespace Bulwark.Core.Scoring;

/// <summary>
/// Collects evidence by strength and settles the caps: soft evidence together may pull the
/// log-odds down by at most <see cref="SoftFloor"/>, behaviour by at most <see cref="BehaviourFloor"/>
/// and up by at most <see cref="BehaviourCeiling"/>. Capped groups are scaled, so the stored
/// weights always add up to what moved the score.
/// </summary>
internal sealed class EvidenceSet
{
    public const double SoftFloor = -1.5;
    public const double BehaviourFloor = -3.0;
    public const double BehaviourCeiling = 1.5;

    private readonly List<Evidence> _hard = new(8);
    private readonly List<Evidence> _soft = new(4);
    private readonly List<Evidence> _behaviour = new(2);

    public void Add(EvidenceStrength strength, string signal, double weight, Protocol.ClassificationReason reason)
    {
        var evidence = new Evidence(signal, weight, reason);
        switch (strength)
        {
            case EvidenceStrength.Soft:
                _soft.Add(evidence);
                break;
            case EvidenceStrength.Behaviour:
                _behaviour.Add(evidence);
                break;
            default:
                _hard.Add(evidence);
                break;
        }
    }

    /// <summary>The settled evidence, strongest pull first, and the total it adds to the log-odds.</summary>
    public (List<Evidence> Evidence, double Total) Settle()
    {
        var all = new List<Evidence>(_hard.Count + _soft.Count + _behaviour.Count);
        all.AddRange(_hard);
        AddCapped(all, _soft, SoftFloor, 0);
        AddCapped(all, _behaviour, BehaviourFloor, BehaviourCeiling);
        all.Sort(static (a, b) => a.Weight.CompareTo(b.Weight));
        var total = 0.0;
        foreach (var e in all)
        {
            total += e.Weight;
        }

        return (all, total);
    }

    private static void AddCapped(List<Evidence> into, List<Evidence> group, double floor, double ceiling)
    {
        double negative = 0, positive = 0;
        foreach (var e in group)
        {
            if (e.Weight < 0)
            {
                negative += e.Weight;
            }
            else
            {
                positive += e.Weight;
            }
        }

        var negativeScale = negative < floor ? floor / negative : 1.0;
        var positiveScale = positive > ceiling ? ceiling / positive : 1.0;
        foreach (var e in group)
        {
            var scale = e.Weight < 0 ? negativeScale : positiveScale;
            into.Add(scale == 1.0 ? e : e with { Weight = Math.Round(e.Weight * scale, 3) });
        }
    }
}
