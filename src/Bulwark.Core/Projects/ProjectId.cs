using System.Text.RegularExpressions;

namespace Bulwark.Core.Projects;

/// <summary>Project ids follow Google Cloud's rule: 6–30 chars, lowercase letters, digits, hyphens, starting with a letter.</summary>
public static partial class ProjectId
{
    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);

    [GeneratedRegex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$")]
    private static partial Regex Pattern();
}
