using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bulwark.Core.Protocol;

/// <summary>
/// A proto enum in JSON: reads the proto name (any case) or the number; writes the name,
/// or the number when the client asked for <c>enum-encoding=int</c>. Proto3 enums are open,
/// so unknown numbers are kept; unknown names are an error.
/// </summary>
internal sealed class ProtoEnumConverter<T>(bool writeNumbers) : JsonConverter<T>
    where T : struct, Enum
{
    private static readonly Dictionary<string, T> ByName = BuildByName();
    private static readonly Dictionary<T, JsonEncodedText> NameOf = BuildNames();

    /// <summary>The proto name of a defined value (AUTOMATION, TOO_MUCH_TRAFFIC, …), ready to write.</summary>
    public static JsonEncodedText NameFor(T value) => NameOf[value];

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var number))
        {
            return Unsafe.As<int, T>(ref number);
        }

        if (reader.TokenType == JsonTokenType.String)
        {
            var text = reader.GetString()!;
            if (ByName.TryGetValue(text, out var value))
            {
                return value;
            }

            if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out number))
            {
                return Unsafe.As<int, T>(ref number);
            }
        }

        throw new JsonException($"Invalid value for enum {typeof(T).Name}.");
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        if (!writeNumbers && NameOf.TryGetValue(value, out var name))
        {
            writer.WriteStringValue(name);
            return;
        }

        writer.WriteNumberValue(Unsafe.As<T, int>(ref value));
    }

    private static Dictionary<string, T> BuildByName()
    {
        var map = new Dictionary<string, T>(StringComparer.OrdinalIgnoreCase);
        foreach (var value in Enum.GetValues<T>())
        {
            map[JsonNamingPolicy.SnakeCaseUpper.ConvertName(value.ToString())] = value;
        }

        return map;
    }

    private static Dictionary<T, JsonEncodedText> BuildNames()
    {
        var map = new Dictionary<T, JsonEncodedText>();
        foreach (var value in Enum.GetValues<T>())
        {
            map[value] = JsonEncodedText.Encode(JsonNamingPolicy.SnakeCaseUpper.ConvertName(value.ToString()));
        }

        return map;
    }
}
