using System.Buffers;
using System.Text.Json;
using Bulwark.Core.Protocol;
using Bulwark.Core.Results;

namespace Bulwark.Server.Api;

/// <summary>Reads a bounded request body; too large is 413, not JSON is 400. Nothing is read past the limit.</summary>
internal static class RequestBody
{
    public static async Task<(byte[]? Body, bool TooLarge)> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return (null, true);
        }

        var buffer = new ArrayBufferWriter<byte>(Math.Min(limit, (int)(request.ContentLength ?? 4096)) + 1);
        while (true)
        {
            var memory = buffer.GetMemory(4096);
            var read = await request.Body.ReadAsync(memory, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > limit)
            {
                return (null, true);
            }
        }

        return (buffer.WrittenSpan.ToArray(), false);
    }

    /// <summary>Reads and parses a protocol message; an empty body is an empty message.</summary>
    public static async Task<Result<T>> ReadMessageAsync<T>(HttpRequest request, int limit, CancellationToken cancellationToken)
        where T : class, new()
    {
        var (body, tooLarge) = await ReadAsync(request, limit, cancellationToken).ConfigureAwait(false);
        if (tooLarge)
        {
            return new Error(ErrorKind.RequestTooLarge, $"Request body is larger than {limit} bytes.");
        }

        if (body!.Length == 0)
        {
            return new T();
        }

        try
        {
            return JsonSerializer.Deserialize(FieldNameNormalizer.Normalize(body), ProtocolJson.ReadInfo<T>()) ?? new T();
        }
        catch (JsonException ex)
        {
            var where = ex.Path is { Length: > 1 } path ? $" at {path}" : string.Empty;
            return new Error(ErrorKind.InvalidArgument, $"Invalid JSON payload received{where}.");
        }
    }
}
