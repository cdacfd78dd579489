using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bulwark.Core.Protocol;

/// <summary>proto3 JSON <c>bytes</c>: written as standard base64, read as standard or URL-safe base64.</summary>
public sealed class Base64BytesConverter : JsonConverter<byte[]?>
{
    public override bool HandleNull => false;

    public override byte[]? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        var text = reader.GetString() ?? string.Empty;
        if (text.Length > 4096)
        {
            throw new JsonException("bytes field is too long.");
        }

        var normalized = text.Replace('-', '+').Replace('_', '/').TrimEnd('=');
        normalized = normalized.PadRight(normalized.Length + ((4 - (normalized.Length % 4)) % 4), '=');
        try
        {
            return Convert.FromBase64String(normalized);
        }
        catch (FormatException)
        {
            throw new JsonException("bytes field is not valid base64.");
        }
    }

    public override void Write(Utf8JsonWriter writer, byte[]? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteBase64StringValue(value);
    }
}
