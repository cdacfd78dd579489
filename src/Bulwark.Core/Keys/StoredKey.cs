using System.Data.Common;
using System.Text.Json;
using Bulwark.Core.Protocol;

namespace Bulwark.Core.Keys;

/// <summary>How every store keeps a site key: the Key resource as JSON (enums as names) beside its secret columns.</summary>
public static class StoredKey
{
    /// <summary>The columns every store selects, in this order, for <see cref="Read"/>.</summary>
    public const string Columns = "project_id, key_id, key_json, legacy_secret_hash, legacy_secret_wrapped, legacy";

    public static string ToJson(Key key) => JsonSerializer.Serialize(key, ProtocolJson.Info<Key>(enumsAsNumbers: false));

    public static SiteKeyRecord Read(DbDataReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new(
            reader.GetString(0),
            reader.GetString(1),
            JsonSerializer.Deserialize(reader.GetString(2), ProtocolJson.ReadInfo<Key>())!,
            reader.GetString(3),
            reader.GetFieldValue<byte[]>(4),
            reader.GetBoolean(5));
    }
}
