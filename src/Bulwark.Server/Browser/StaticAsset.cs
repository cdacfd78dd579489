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

    public static StaticAsset FromResource(string name, string contentType, string cacheControl) =>
        new(Read(name), contentType, cacheControl);

    /// <summary>
    /// Several embedded scripts served as one, inside one function scope so that what one declares
    /// the next can use without anything leaking onto the page's window.
    /// </summary>
    public static StaticAsset FromScripts(IEnumerable<string> names, string contentType, string cacheControl)
    {
        using var buffer = new MemoryStream();
        buffer.Write("(function(){\n"u8);
        foreach (var name in names)
        {
            buffer.Write(Read(name));
            buffer.Write("\n"u8);
        }

        buffer.Write("})();\n"u8);
        return new StaticAsset(buffer.ToArray(), contentType, cacheControl);
    }

    private static byte[] Read(string name)
    {
        using var stream = typeof(StaticAsset).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded resource {name} is missing.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
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
