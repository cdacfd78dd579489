namespace Bulwark.Training;

/// <summary>One summarised session: human or bot, its split, where it came from, its features (NaN = missing).</summary>
internal sealed record Sample(bool Human, string Split, string Source, string Family, double[] Values);
