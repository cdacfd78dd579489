using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bulwark.Core.Protocol;

/// <summary>google.protobuf.Timestamp in proto3 JSON: RFC 3339, UTC, "Z" suffix.</summary>
public sealed class TimestampConverter : JsonConverter<DateTimeOffset?>
{
    /// <summary>Length of a UTC DateTime in the round-trip format, seven fractional digits and the Z.</summary>
    private const int RoundTripLength = 28;

    public override bool HandleNull => false;

    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        var text = reader.GetString();
        if (text is null || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            throw new JsonException("Timestamp must be an RFC 3339 string.");
        }

        return value;
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is not { } v)
        {
            writer.WriteNullValue();
            return;
        }

        // The round-trip format ("O") is formatted without reading a pattern, straight to UTF-8:
        // 2026-11-22T10:00:00.1234567Z. proto3 JSON writes 0, 3, 6 or 9 fractional digits, so the
        // seventh is cut (truncated, as a "ffffff" pattern would) and the Z moved up.
        Span<byte> buffer = stackalloc byte[RoundTripLength];
        v.UtcDateTime.TryFormat(buffer, out _, "O", CultureInfo.InvariantCulture);
        buffer[RoundTripLength - 2] = (byte)'Z';
        writer.WriteStringValue(buffer[..^1]);
    }
}
