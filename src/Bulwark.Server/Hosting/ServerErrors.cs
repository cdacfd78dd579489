using Bulwark.Core.Results;
using Bulwark.Server.Api;

namespace Bulwark.Server.Hosting;

/// <summary>Unhandled exceptions (already logged by the middleware) become a 500 that says nothing about internals.</summary>
internal static class ServerErrors
{
    public static Task WriteAsync(HttpContext context)
    {
        var result = context.Request.Path.StartsWithSegments("/v1")
            ? RpcErrors.Result(ErrorKind.Internal, "Internal error.")
            : TypedResults.Json(new Browser.BrowserError("internal"), Browser.BrowserJsonContext.Default.BrowserError, statusCode: StatusCodes.Status500InternalServerError);
        return result.ExecuteAsync(context);
    }
}
