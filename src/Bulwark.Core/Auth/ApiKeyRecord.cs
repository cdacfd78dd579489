namespace Bulwark.Core.Auth;

/// <summary>An API key as stored: only its hash; the key itself is shown once at creation.</summary>
public sealed record ApiKeyRecord(string Hash, string ProjectId, string Label, DateTimeOffset CreateTime);
