using System.Text.Json;

namespace Bulwark.Server.Browser;

/// <summary>
/// Parses the script's body <c>{"a": action, "s": {signals}, "p": proof}</c> in one pass, keeping
/// the signals object as raw bytes for the issuer to validate: the proof covers exactly those bytes
/// (no intermediate DOM).
/// </summary>
internal static class TokenRequestReader
{
    /// <summary>A cyrb53 proof is at most 14 hex digits; anything much longer is not one.</summary>
    public const int MaxProofLength = 32;

    public static bool TryRead(ReadOnlySpan<byte> body, out string action, out ReadOnlyMemory<byte> signals, out string? proof, byte[] backing)
    {
        action = string.Empty;
        signals = ReadOnlyMemory<byte>.Empty;
        proof = null;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 8 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("a"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        return false;
                    }

                    action = reader.GetString()!;
                }
                else if (reader.ValueTextEquals("s"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        return false;
                    }

                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    signals = backing.AsMemory(start, (int)reader.BytesConsumed - start);
                }
                else if (reader.ValueTextEquals("p"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String || reader.ValueSpan.Length > MaxProofLength)
                    {
                        return false;
                    }

                    proof = reader.GetString();
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            return reader.TokenType == JsonTokenType.EndObject;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
