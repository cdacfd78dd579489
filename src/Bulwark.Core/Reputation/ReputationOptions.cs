using System.ComponentModel.DataAnnotations;

namespace Bulwark.Core.Reputation;

/// <summary>Section <c>Bulwark:Risk:Reputation</c>.</summary>
public sealed class ReputationOptions
{
    public const string SectionName = "Bulwark:Risk:Reputation";

    /// <summary>
    /// A directory of <c>*.txt</c> / <c>*.cidr</c> lists, the category taken from each file's name
    /// (<see cref="ReputationLists.CategoryOf"/>). Empty (the default): no lists, every address is
    /// <see cref="NetworkCategory.None"/>. The samples in config/reputation/ are never loaded unless named here.
    /// </summary>
    public string? Directory { get; set; }

    /// <summary>How often the directory is checked for changed files (modification time and size).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromSeconds(60);
}
