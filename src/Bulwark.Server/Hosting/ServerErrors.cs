using Bulwark.Core.Results;
using Bulwark.Core.Storage;
using Bulwark.Server.Api;
using Bulwark.Server.Browser;
using Bulwark.Server.Legacy;
using Microsoft.AspNetCore.Diagnostics;

namespace Bulwark.Server.Hosting;

/// <summary>
/// What an exception no endpoint handled becomes, in the shape of the API it reached (google.rpc.Status
/// on <c>/v1</c>, siteverify's <c>error-codes</c>, the browser script's <c>error</c>), saying nothing
/// about internals. A store outage (<see cref="IStoreFaults"/>) is <c>UNAVAILABLE</c> (503), which
/// clients retry, and is logged once by <see cref="StoreOutageLog"/> rather than per request;
/// anything else is <c>INTERNAL</c> (500), logged by the middleware.
/// </summary>
internal static class ServerErrors
{
    public static ExceptionHandlerOptions Options(StoreOutageLog outages) => new()
    {
        ExceptionHandler = context => WriteAsync(context, outages),
        // Outages are logged once by StoreOutageLog; the middleware's error log per request would flood.
        SuppressDiagnosticsCallback = context => outages.IsOutage(context.Exception),
    };

    private static Task WriteAsync(HttpContext context, StoreOutageLog outages)
    {
        var unavailable = context.Features.Get<IExceptionHandlerFeature>()?.Error is { } error && outages.TryReport(error, $"{context.Request.Method} {context.Request.Path}");
        var status = unavailable ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError;
        var path = context.Request.Path;
        if (path.StartsWithSegments("/v1"))
        {
            return unavailable
                ? RpcErrors.Result(ErrorKind.Unavailable, "The database is unavailable; retry with backoff.").ExecuteAsync(context)
                : RpcErrors.Result(ErrorKind.Internal, "Internal error.").ExecuteAsync(context);
        }

        if (path.Value?.EndsWith("/siteverify", StringComparison.Ordinal) == true)
        {
            return SiteverifyEndpoints.Failed(unavailable ? "unavailable" : "internal-error", status).ExecuteAsync(context);
        }

        return TypedResults.Json(new BrowserError(unavailable ? "unavailable" : "internal"), BrowserJsonContext.Default.BrowserError, statusCode: status).ExecuteAsync(context);
    }
}
