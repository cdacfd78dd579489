using Bulwark.Core.Protocol;

namespace Bulwark.Core.Keys;

/// <summary>
/// A site key as stored. <see cref="Key"/> is the API resource; the legacy secret (for
/// siteverify) is kept twice: hashed for lookup and wrapped under the master key so
/// retrieveLegacySecretKey can return it.
/// </summary>
public sealed record SiteKeyRecord(
    string ProjectId,
    string KeyId,
    Key Key,
    string LegacySecretHash,
    byte[] LegacySecretWrapped,
    bool Legacy);
