using System.Buffers;
using System.IO.Compression;
using System.Text;

namespace Bulwark.Core.Assessments;

/// <summary>
/// How every store keeps an assessment's features (<see cref="AssessmentRecord.Features"/>): one byte
/// that says how the rest is encoded, then the UTF-8 JSON, Brotli-compressed (<see cref="Brotli"/>) or
/// as it is (<see cref="Json"/>: rows written before compression, converted by the stores' migrations).
/// <para>
/// Compressed because the features are most of an assessment's row (2.3 KB of JSON, 1.4 KB of it
/// the collector's signals, against 0.6 KB for the answer), and on SQLite each page is written twice
/// (to the log, then by the checkpoint into the database file): a row under 2 KB shares its page, and
/// p99 at half of peak load fell with it (docs/performance.md). Brotli at quality 0 takes about
/// 9 µs for 2.3 KB and keeps 1 KB; it runs on the request's thread, not the group-commit writer's.
/// </para>
/// </summary>
public static class StoredFeatures
{
    /// <summary>The UTF-8 JSON as it is.</summary>
    public const byte Json = 0;

    /// <summary>The UTF-8 JSON as one Brotli stream.</summary>
    public const byte Brotli = 1;

    /// <summary>Brotli's fastest setting; higher ones cost 1.5–4× the time for 2–12 % fewer bytes.</summary>
    private const int Quality = 0;

    /// <summary>A 64 KiB window: more than any assessment's features, less state to set up than the default.</summary>
    private const int WindowBits = 16;

    /// <summary>Features never decode to more than this (they are bounded when written, at a few KB).</summary>
    public const int MaxJsonLength = 1 << 20;

    /// <summary>Encodes features for storing: Brotli, or as they are in the rare case that is no larger.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> utf8Json)
    {
        var bound = BrotliEncoder.GetMaxCompressedLength(utf8Json.Length);
        var rented = ArrayPool<byte>.Shared.Rent(bound);
        try
        {
            if (BrotliEncoder.TryCompress(utf8Json, rented, out var written, Quality, WindowBits) && written < utf8Json.Length)
            {
                return Prefixed(Brotli, rented.AsSpan(0, written));
            }

            return Prefixed(Json, utf8Json);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The features' JSON.</summary>
    /// <exception cref="InvalidDataException">The bytes are not stored features.</exception>
    public static string Decode(ReadOnlySpan<byte> stored)
    {
        if (stored.IsEmpty)
        {
            throw new InvalidDataException("Stored features are empty.");
        }

        var body = stored[1..];
        switch (stored[0])
        {
            case Json:
                return Encoding.UTF8.GetString(body);
            case Brotli:
                for (var size = Math.Max(4096, body.Length * 4); ; size *= 2)
                {
                    var rented = ArrayPool<byte>.Shared.Rent(size);
                    try
                    {
                        if (BrotliDecoder.TryDecompress(body, rented, out var written))
                        {
                            return Encoding.UTF8.GetString(rented, 0, written);
                        }
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(rented);
                    }

                    // Too small a buffer and corrupt data both fail the same way: stop at the bound.
                    if (size >= MaxJsonLength)
                    {
                        throw new InvalidDataException("Stored features are not a Brotli stream of at most 1 MiB.");
                    }
                }

            default:
                throw new InvalidDataException($"Stored features have an unknown encoding ({stored[0]}).");
        }
    }

    private static byte[] Prefixed(byte encoding, ReadOnlySpan<byte> body)
    {
        var result = GC.AllocateUninitializedArray<byte>(body.Length + 1);
        result[0] = encoding;
        body.CopyTo(result.AsSpan(1));
        return result;
    }
}
