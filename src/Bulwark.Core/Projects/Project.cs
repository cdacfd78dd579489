namespace Bulwark.Core.Projects;

/// <param name="FullScoreLevels">The full tier: all 11 score levels and reason codes.</param>
public sealed record Project(string Id, bool FullScoreLevels, DateTimeOffset CreateTime);
