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
/// clients retry, and is logged once by <see cref="StoreOutageLog"/> rather than per request
/// (<see cref="IsLoggedElsewhere"/>); anything else is <c>INTERNAL</c> (500), logged by the middleware.
/// </summary>
internal static class ServerErrors
{
    public static ExceptionHandlerOptions Options(StoreOutageLog outages) => new()
    {
        ExceptionHandler = WriteAsync,
        SuppressDiagnosticsCallback = context => IsLoggedElsewhere(outages, context.Exception),
    };

    public static Task WriteAsync(HttpContext context)
    {
        var outages = context.RequestServices.GetRequiredService<StoreOutageLog>();
        var unavailable = context.Features.Get<IExceptionHandlerFeature>()?.Error is { } error && outages.TryReport(error, $"{context.Request.Method} {context.Request.Path}");
        var path = context.Request.Path;
        IResult result;
        if (path.StartsWithSegments("/v1"))
        {
            result = unavailable
                ? RpcErrors.Result(ErrorKind.Unavailable, "The database is unavailable; retry with backoff.")
                : RpcErrors.Result(ErrorKind.Internal, "Internal error.");
        }
        else if (path.Value?.EndsWith("/siteverify", StringComparison.Ordinal) == true)
        {
            result = SiteverifyEndpoints.Failed(unavailable ? "unavailable" : "internal-error", unavailable ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError);
        }
        else
        {
            result = unavailable
                ? TypedResults.Json(new BrowserError("unavailable"), BrowserJsonContext.Default.BrowserError, statusCode: StatusCodes.Status503ServiceUnavailable)
                : TypedResults.Json(new BrowserError("internal"), BrowserJsonContext.Default.BrowserError, statusCode: StatusCodes.Status500InternalServerError);
        }

        return result.ExecuteAsync(context);
    }

    /// <summary>Store outages are logged by <see cref="StoreOutageLog"/>; the middleware's error log per request would flood.</summary>
    private static bool IsLoggedElsewhere(StoreOutageLog outages, Exception exception) => outages.IsOutage(exception);
}
