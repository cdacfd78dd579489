namespace Bulwark.Training;

/// <summary>
/// Which features one sub-model uses and how each is transformed before standardising.
/// "slog" is sign(x)·ln(1+|x|), for counts, times and speeds with long tails; "none" for shares and ratios.
/// The move interval median (dtm) is left out on purpose: every SapiMouse recording samples at
/// about 17 ms, so the model would learn "not 17 ms = bot" and fail humans on 120 Hz screens.
/// Arrival timing (tfi, tli) is left out because the recordings have no page-load time.
/// </summary>
internal sealed record SubModelSpec(string Name, string Requires, (string Feature, string Transform)[] Features)
{
    public static readonly SubModelSpec Mouse = new("mouse", "mn",
    [
        ("mn", "slog"), ("ms", "slog"), ("st", "none"), ("vm", "slog"), ("vc", "none"), ("vp", "none"),
        ("am", "slog"), ("ta", "none"), ("tr", "none"), ("dtc", "none"), ("eq", "none"),
        ("cn", "slog"), ("cdm", "slog"), ("cdz", "none"), ("cmv", "none"),
    ]);

    public static readonly SubModelSpec Keys = new("keys", "kn",
    [
        ("kn", "slog"), ("khm", "slog"), ("khc", "none"), ("kfm", "slog"), ("kfc", "none"), ("kro", "none"), ("khz", "none"),
    ]);

    public static double Transform(string kind, double x) =>
        kind == "slog" ? Math.Sign(x) * Math.Log(1 + Math.Abs(x)) : x;
}
