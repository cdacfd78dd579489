namespace Bulwark.Core.Scoring;

/// <summary>
/// One imported behaviour model: its version, its parameters as the trainer wrote them (JSON,
/// checked by <see cref="BehaviourModel.Load(Stream)"/> before it is stored), when it was imported,
/// and when it was last made the active one (null: never, or deactivated since).
/// </summary>
public sealed record StoredBehaviourModel(string Version, string Parameters, DateTimeOffset CreatedAt, DateTimeOffset? ActivatedAt)
{
    /// <summary>Parameters larger than this are refused on import (the trained file is about 4 KB).</summary>
    public const int MaxParametersLength = 256 * 1024;

    /// <summary>Versions are at most this long (the trainer writes e.g. "behaviour-2026-11-21.1").</summary>
    public const int MaxVersionLength = 100;
}
