using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Bulwark.Server.Hosting;

/// <summary>Section <c>Bulwark</c> (environment: <c>Bulwark__DataDir</c>, <c>Bulwark__Storage__Provider</c>, …).</summary>
public sealed class BulwarkOptions
{
    public const string SectionName = "Bulwark";

    /// <summary>Where the embedded database and the generated master key live.</summary>
    [Required]
    public string DataDir { get; set; } = "./data";

    [ValidateObjectMembers]
    public StorageOptions Storage { get; set; } = new();

    public SecretOptions Secrets { get; set; } = new();

    [ValidateObjectMembers]
    public BootstrapOptions Bootstrap { get; set; } = new();

    public DemoOptions Demo { get; set; } = new();

    [ValidateObjectMembers]
    public LimitOptions Limits { get; set; } = new();
}

public sealed class StorageOptions
{
    /// <summary><c>Sqlite</c> (embedded, one node, the default) or <c>Postgres</c> (shared by any number of nodes).</summary>
    [Required]
    [RegularExpression("^(?i:sqlite|postgres)$", ErrorMessage = "Bulwark:Storage:Provider must be Sqlite or Postgres.")]
    public string Provider { get; set; } = "Sqlite";

    /// <summary>SQLite: a file path (empty means {DataDir}/bulwark.db). Postgres: an Npgsql connection string (required).</summary>
    public string? ConnectionString { get; set; }

    public bool IsPostgres => string.Equals(Provider, "postgres", StringComparison.OrdinalIgnoreCase);
}

public sealed class SecretOptions
{
    /// <summary>
    /// Base64 of 32 random bytes that wraps token keys and legacy secrets. When empty, a key
    /// file is created in DataDir on first start. Nodes that share a database must share it.
    /// </summary>
    public string? MasterKey { get; set; }

    /// <summary>
    /// Master keys being rotated out (base64, like <see cref="MasterKey"/>): what they wrapped still
    /// opens, nothing new is wrapped with them. `master-key rewrap` moves what is stored over to
    /// <see cref="MasterKey"/>, after which they can go (docs/operations.md, Keys and secrets).
    /// </summary>
    public IReadOnlyList<string> PreviousMasterKeys { get; set; } = [];
}

public sealed class BootstrapOptions
{
    /// <summary>A project to create at start, if missing.</summary>
    public string? Project { get; set; }

    /// <summary>An API key (any string of 20–200 characters) to create for <see cref="Project"/>, if missing. Stored hashed.</summary>
    [StringLength(200, MinimumLength = 20)]
    public string? ApiKey { get; set; }

    /// <summary>Turns on the full tier (11 score levels and reason codes) for <see cref="Project"/>.</summary>
    public bool FullScoreLevels { get; set; }
}

public sealed class DemoOptions
{
    /// <summary>Serves /demo with its own project and a key for localhost.</summary>
    public bool Enabled { get; set; } = true;
}

public sealed class LimitOptions
{
    [Range(1024, 1024 * 1024)]
    public int TokenRequestBytes { get; set; } = 16 * 1024;

    [Range(1024, 16 * 1024 * 1024)]
    public int ApiRequestBytes { get; set; } = 256 * 1024;

    /// <summary>Token requests per client address per minute; 0 turns the limit off (benchmarks).</summary>
    [Range(0, 1_000_000)]
    public int TokenRequestsPerMinute { get; set; } = 300;
}

/// <summary>Source-generated validation of the whole tree (nested sections included), run at start.</summary>
[OptionsValidator]
internal sealed partial class BulwarkOptionsValidator : IValidateOptions<BulwarkOptions>
{
}
