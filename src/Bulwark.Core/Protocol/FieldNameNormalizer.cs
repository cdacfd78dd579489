using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Bulwark.Core.Protocol;

/// <summary>
/// Proto3 JSON parsers accept the proto field names (snake_case) as well as the JSON names
/// (lowerCamelCase). Our contracts carry one name each, so a request written in snake_case is
/// rewritten to camelCase first. Map keys (labels, action settings) are data and stay as sent.
/// Bodies without an underscore, which is what the official clients send, skip all this.
/// </summary>
public static class FieldNameNormalizer
{
    private static readonly HashSet<string> MapFields = ["labels", "actionSettings"];

    public static byte[] Normalize(byte[] json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (!HasSnakeCaseName(json))
        {
            return json;
        }

        var output = new ArrayBufferWriter<byte>(json.Length);
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        using (var writer = new Utf8JsonWriter(output))
        {
            // Depths (of the object) whose property names are map keys.
            var mapDepths = new Stack<int>();
            var pendingMap = false;
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        if (pendingMap)
                        {
                            mapDepths.Push(reader.CurrentDepth);
                        }

                        pendingMap = false;
                        writer.WriteStartObject();
                        break;
                    case JsonTokenType.EndObject:
                        if (mapDepths.Count > 0 && mapDepths.Peek() == reader.CurrentDepth)
                        {
                            mapDepths.Pop();
                        }

                        writer.WriteEndObject();
                        break;
                    case JsonTokenType.StartArray:
                        pendingMap = false;
                        writer.WriteStartArray();
                        break;
                    case JsonTokenType.EndArray:
                        writer.WriteEndArray();
                        break;
                    case JsonTokenType.PropertyName:
                        var name = reader.GetString()!;
                        var isMapKey = mapDepths.Count > 0 && mapDepths.Peek() == reader.CurrentDepth - 1;
                        var written = isMapKey ? name : ToCamel(name);
                        pendingMap = !isMapKey && MapFields.Contains(written);
                        writer.WritePropertyName(written);
                        break;
                    default:
                        pendingMap = false;
                        writer.WriteRawValue(GetRaw(ref reader), skipInputValidation: true);
                        break;
                }
            }
        }

        return output.WrittenSpan.ToArray();
    }

    /// <summary>
    /// A cheap pre-scan: only property names matter (tokens are base64url and usually contain
    /// '_', so looking for the byte alone would rewrite nearly every request).
    /// </summary>
    private static bool HasSnakeCaseName(byte[] json)
    {
        if (json.AsSpan().IndexOf((byte)'_') < 0)
        {
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueSpan.IndexOf((byte)'_') >= 0)
                {
                    return true;
                }
            }
        }
        catch (JsonException)
        {
            // Let the deserializer report the error with its own message.
        }

        return false;
    }

    private static ReadOnlySpan<byte> GetRaw(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            return reader.ValueSpan;
        }

        // Strings: keep the original escaped form, quotes included.
        var raw = new byte[reader.ValueSpan.Length + 2];
        raw[0] = (byte)'"';
        reader.ValueSpan.CopyTo(raw.AsSpan(1));
        raw[^1] = (byte)'"';
        return raw;
    }

    private static string ToCamel(string name)
    {
        if (!name.Contains('_', StringComparison.Ordinal))
        {
            return name;
        }

        var sb = new StringBuilder(name.Length);
        var upper = false;
        foreach (var c in name)
        {
            if (c == '_')
            {
                upper = sb.Length > 0;
                continue;
            }

            sb.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }

        return sb.ToString();
    }
}
