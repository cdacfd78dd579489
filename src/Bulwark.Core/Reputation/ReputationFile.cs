namespace Bulwark.Core.Reputation;

/// <summary>What one list file gave at the last load.</summary>
public sealed record ReputationFile(string Name, NetworkCategory Category, int Entries, int Malformed);
