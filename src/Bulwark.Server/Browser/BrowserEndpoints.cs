using System.Threading.RateLimiting;
using Bulwark.Core.Keys;
using Bulwark.Core.Tokens;
using Bulwark.Server.Api;
using Bulwark.Server.Hosting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Bulwark.Server.Browser;

/// <summary>What the customer's page talks to: the script and the token endpoint.</summary>
internal static class BrowserEndpoints
{
    public const string RateLimitPolicy = "browser";

    /// <summary>behaviour.js (BulwarkBehaviour) and enterprise.js, one scope, one response.</summary>
    private static readonly StaticAsset Script = StaticAsset.FromScripts(
        ["Bulwark.Server.Browser.Assets.behaviour.js", "Bulwark.Server.Browser.Assets.enterprise.js"],
        "text/javascript; charset=utf-8",
        "public, max-age=3600");

    public static IServiceCollection AddBrowserEndpoints(this IServiceCollection services, IConfiguration configuration)
    {
        var perMinute = configuration.GetSection(BulwarkOptions.SectionName).Get<BulwarkOptions>()?.Limits.TokenRequestsPerMinute ?? 300;
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(RateLimitPolicy, context => perMinute == 0
                ? RateLimitPartition.GetNoLimiter("all")
                : RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        return services;
    }

    public static IEndpointRouteBuilder MapBrowserEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/recaptcha/enterprise.js", Script.Serve);
        app.MapGet("/recaptcha/api.js", Script.Serve);
        app.MapGet("/recaptcha/enterprise/challenge", ChallengeAsync).RequireRateLimiting(RateLimitPolicy);
        app.MapPost("/recaptcha/enterprise/token", IssueAsync).RequireRateLimiting(RateLimitPolicy);
        app.MapMethods("/recaptcha/enterprise/token", ["OPTIONS"], PreflightAsync).RequireRateLimiting(RateLimitPolicy);
        return app;
    }

    /// <summary>A fresh collector challenge (<see cref="CollectorChallenge"/>) the script echoes in its payload.</summary>
    private static async Task<IResult> ChallengeAsync(HttpContext http, TokenIssuer issuer)
    {
        AllowCaller(http);
        var (status, challenge) = await issuer.IssueChallengeAsync(http.Request.Query["k"].ToString(), HostOf(http.Request), http.RequestAborted).ConfigureAwait(false);
        return status switch
        {
            TokenIssueStatus.Issued => TypedResults.Json(new ChallengeResponse(challenge!), BrowserJsonContext.Default.ChallengeResponse),
            _ => StatusError(status),
        };
    }

    private static async Task<IResult> IssueAsync(HttpContext http, TokenIssuer issuer, IOptions<BulwarkOptions> options)
    {
        AllowCaller(http);

        var (body, tooLarge) = await RequestBody.ReadAsync(http.Request, options.Value.Limits.TokenRequestBytes, http.RequestAborted).ConfigureAwait(false);
        if (tooLarge)
        {
            return Error(StatusCodes.Status413PayloadTooLarge, "request-too-large");
        }

        if (!TokenRequestReader.TryRead(body, out var action, out var signals, out var proof, body!))
        {
            return Error(StatusCodes.Status400BadRequest, "bad-request");
        }

        var request = new TokenIssueRequest(
            http.Request.Query["k"].ToString(),
            action,
            HostOf(http.Request),
            http.Connection.RemoteIpAddress?.ToString() ?? string.Empty,
            http.Request.Headers.UserAgent.ToString() is { Length: > 0 } ua ? ua : null,
            signals)
        {
            Proof = proof,
            HeaderClientHintsBrands = HeaderOrNull(http.Request.Headers["Sec-CH-UA"]),
            HeaderClientHintsPlatform = HeaderOrNull(http.Request.Headers["Sec-CH-UA-Platform"]),
            HeaderAcceptLanguage = HeaderOrNull(http.Request.Headers.AcceptLanguage),
        };

        var result = await issuer.IssueAsync(request, http.RequestAborted).ConfigureAwait(false);
        return result.Status switch
        {
            TokenIssueStatus.Issued => TypedResults.Json(new TokenResponse(result.Token!, (int)TokenIssuer.Lifetime.TotalSeconds), BrowserJsonContext.Default.TokenResponse),
            _ => StatusError(result.Status),
        };
    }

    /// <summary>No caching, and errors stay readable to the page; tokens and challenges go only to allowed origins (the issuer checks).</summary>
    private static void AllowCaller(HttpContext http)
    {
        var response = http.Response;
        response.Headers.CacheControl = "no-store";
        var origin = http.Request.Headers.Origin.ToString();
        if (origin.Length > 0)
        {
            response.Headers.AccessControlAllowOrigin = origin;
            response.Headers.Vary = "Origin";
        }
    }

    private static Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<BrowserError> StatusError(TokenIssueStatus status) => status switch
    {
        TokenIssueStatus.UnknownKey => Error(StatusCodes.Status404NotFound, "invalid-site-key"),
        TokenIssueStatus.NotAWebKey => Error(StatusCodes.Status400BadRequest, "not-a-web-key"),
        TokenIssueStatus.DomainNotAllowed => Error(StatusCodes.Status403Forbidden, "domain-not-allowed"),
        TokenIssueStatus.InvalidAction => Error(StatusCodes.Status400BadRequest, "invalid-action"),
        _ => Error(StatusCodes.Status503ServiceUnavailable, "unavailable"),
    };

    private static string? HeaderOrNull(Microsoft.Extensions.Primitives.StringValues values) =>
        values.Count == 0 ? null : values.ToString() is { Length: > 0 and <= 512 } value ? value : null;

    /// <summary>The script sends text/plain (no preflight), but a page that sets other headers gets a correct answer.</summary>
    private static async Task<IResult> PreflightAsync(HttpContext http, SiteKeyCache keys)
    {
        var origin = http.Request.Headers.Origin.ToString();
        var siteKey = http.Request.Query["k"].ToString();
        var key = SiteKeyId.IsValid(siteKey) ? await keys.GetAsync(siteKey, http.RequestAborted).ConfigureAwait(false) : null;
        var host = HostOf(http.Request);
        if (origin.Length == 0 || key?.Key.WebSettings is not { } web || !(web.AllowAllDomains || DomainMatcher.IsAllowed(host ?? string.Empty, web.AllowedDomains)))
        {
            return TypedResults.StatusCode(StatusCodes.Status403Forbidden);
        }

        var headers = http.Response.Headers;
        headers.AccessControlAllowOrigin = origin;
        headers.AccessControlAllowMethods = "POST";
        headers.AccessControlAllowHeaders = "Content-Type";
        headers.AccessControlMaxAge = "600";
        headers.Vary = "Origin";
        return TypedResults.NoContent();
    }

    /// <summary>The page's host from Origin (or Referer when a browser omits Origin); never from the body.</summary>
    private static string? HostOf(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        var source = origin.Length > 0 && origin != "null" ? origin : request.Headers.Referer.ToString();
        return Uri.TryCreate(source, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri.IdnHost
            : null;
    }

    private static Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<BrowserError> Error(int status, string code) =>
        TypedResults.Json(new BrowserError(code), BrowserJsonContext.Default.BrowserError, statusCode: status);
}
