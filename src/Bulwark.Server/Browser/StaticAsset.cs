using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace Bulwark.Server.Browser;

/// <summary>An embedded file served from memory with a strong ETag and caching headers.</summary>
internal sealed class StaticAsset
{
    private readonly byte[] _content;
    private readonly string _etag;
    private readonly string _contentType;
    private readonly string _cacheControl;

    private StaticAsset(byte[] content, string contentType, string cacheControl)
    {
        _content = content;
        _contentType = contentType;
        _cacheControl = cacheControl;
        _etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 12)) + "\"";
    }

    public static StaticAsset FromResource(string name, string contentType, string cacheControl)
    {
        using var stream = typeof(StaticAsset).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded resource {name} is missing.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return new StaticAsset(buffer.ToArray(), contentType, cacheControl);
    }

    public IResult Serve(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ETag = _etag;
        headers.CacheControl = _cacheControl;
        headers[HeaderNames.XContentTypeOptions] = "nosniff";
        // The script is loaded cross-origin by customers' pages.
        headers.AccessControlAllowOrigin = "*";
        if (context.Request.Headers.IfNoneMatch.ToString() == _etag)
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.Bytes(_content, _contentType);
    }
}
