using Bulwark.Core.Assessments;
using Bulwark.Core.Keys;
using Bulwark.Core.Projects;
using Bulwark.Core.Protocol;
using Bulwark.Core.Results;
using Bulwark.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Bulwark.Server.Api;

/// <summary>The reCAPTCHA Enterprise v1 REST surface (see docs/api.md for what is and is not supported).</summary>
internal static class V1Endpoints
{
    private const string ProjectItem = "bulwark.project";

    public static RouteGroupBuilder MapV1Endpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/projects/{project}");
        group.AddEndpointFilter(AuthenticateAsync);

        group.MapPost("/assessments", CreateAssessmentAsync);
        group.MapPost("/assessments/{assessment}", AssessmentVerbAsync);

        group.MapPost("/keys", CreateKeyAsync);
        group.MapGet("/keys", ListKeysAsync);
        group.MapGet("/keys/{key}", GetKeyAsync);
        group.MapMethods("/keys/{key}", ["PATCH"], UpdateKeyAsync);
        group.MapDelete("/keys/{key}", DeleteKeyAsync);
        group.MapPost("/keys/{key}", KeyVerbAsync);
        group.MapGet("/keys/{key}/metrics", GetMetricsAsync);

        group.MapMethods("/{**rest}", ["GET", "POST", "PATCH", "DELETE", "PUT"], (string rest) =>
            rest.StartsWith("firewallpolicies", StringComparison.Ordinal)
                || rest.StartsWith("relatedaccountgroup", StringComparison.Ordinal)
                ? RpcErrors.Result(ErrorKind.Unimplemented, $"{rest.Split('/')[0]} is not implemented by Bulwark yet (see docs/api.md).")
                : RpcErrors.Result(ErrorKind.NotFound, "No such method."));

        return group;
    }

    private static async ValueTask<object?> AuthenticateAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var projectId = http.Request.RouteValues["project"] as string ?? string.Empty;
        var authenticator = http.RequestServices.GetRequiredService<ApiKeyAuthenticator>();
        var result = await authenticator.AuthenticateAsync(http.Request, projectId, http.RequestAborted).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            return RpcErrors.Result(result.Error!);
        }

        http.Items[ProjectItem] = result.Value;
        return await next(context).ConfigureAwait(false);
    }

    private static Project ProjectOf(HttpContext http) => (Project)http.Items[ProjectItem]!;

    private static int Limit(HttpContext http) => http.RequestServices.GetRequiredService<IOptions<BulwarkOptions>>().Value.Limits.ApiRequestBytes;

    private static async Task<IResult> CreateAssessmentAsync(HttpContext http, AssessmentService assessments)
    {
        var body = await RequestBody.ReadMessageAsync<Assessment>(http.Request, Limit(http), http.RequestAborted).ConfigureAwait(false);
        if (!body.IsSuccess)
        {
            return RpcErrors.Result(body.Error!);
        }

        try
        {
            var result = await assessments.CreateAsync(ProjectOf(http), body.Value!, http.RequestAborted).ConfigureAwait(false);
            return result.IsSuccess ? ApiResponses.Ok(http.Request, result.Value!.Response) : RpcErrors.Result(result.Error!);
        }
        catch (AssessmentQueueFullException)
        {
            return RpcErrors.Result(ErrorKind.Unavailable, "Bulwark is overloaded; retry with backoff.");
        }
    }

    private static async Task<IResult> AssessmentVerbAsync(HttpContext http, string assessment, AssessmentService assessments)
    {
        var (id, verb) = Split(assessment);
        if (verb != "annotate")
        {
            return RpcErrors.Result(ErrorKind.NotFound, "No such method.");
        }

        var body = await RequestBody.ReadMessageAsync<AnnotateAssessmentRequest>(http.Request, Limit(http), http.RequestAborted).ConfigureAwait(false);
        if (!body.IsSuccess)
        {
            return RpcErrors.Result(body.Error!);
        }

        return ApiResponses.From(http.Request, await assessments.AnnotateAsync(ProjectOf(http), id, body.Value!, http.RequestAborted).ConfigureAwait(false));
    }

    private static async Task<IResult> CreateKeyAsync(HttpContext http, SiteKeyService keys)
    {
        var body = await RequestBody.ReadMessageAsync<Key>(http.Request, Limit(http), http.RequestAborted).ConfigureAwait(false);
        if (!body.IsSuccess)
        {
            return RpcErrors.Result(body.Error!);
        }

        return ApiResponses.From(http.Request, await keys.CreateAsync(ProjectOf(http).Id, body.Value!, legacy: false, http.RequestAborted).ConfigureAwait(false));
    }

    private static async Task<IResult> ListKeysAsync(HttpContext http, SiteKeyService keys)
    {
        var query = http.Request.Query;
        var sizeText = query["pageSize"].ToString() is { Length: > 0 } camel ? camel : query["page_size"].ToString();
        var pageSize = 0;
        if (sizeText.Length > 0 && !int.TryParse(sizeText, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out pageSize))
        {
            return RpcErrors.Result(ErrorKind.InvalidArgument, "page_size must be an integer.");
        }

        var token = query["pageToken"].ToString() is { Length: > 0 } t ? t : query["page_token"].ToString();
        return ApiResponses.From(http.Request, await keys.ListAsync(ProjectOf(http).Id, pageSize, token, http.RequestAborted).ConfigureAwait(false));
    }

    private static async Task<IResult> GetKeyAsync(HttpContext http, string key, SiteKeyService keys)
    {
        var (id, verb) = Split(key);
        return verb switch
        {
            null => ApiResponses.From(http.Request, await keys.GetAsync(ProjectOf(http).Id, id, http.RequestAborted).ConfigureAwait(false)),
            "retrieveLegacySecretKey" => ApiResponses.From(http.Request, await keys.RetrieveLegacySecretAsync(ProjectOf(http).Id, id, http.RequestAborted).ConfigureAwait(false)),
            "listIpOverrides" => RpcErrors.Result(ErrorKind.Unimplemented, "IP overrides are not implemented by Bulwark yet (see docs/api.md)."),
            _ => RpcErrors.Result(ErrorKind.NotFound, "No such method."),
        };
    }

    private static async Task<IResult> UpdateKeyAsync(HttpContext http, string key, SiteKeyService keys)
    {
        var body = await RequestBody.ReadMessageAsync<Key>(http.Request, Limit(http), http.RequestAborted).ConfigureAwait(false);
        if (!body.IsSuccess)
        {
            return RpcErrors.Result(body.Error!);
        }

        var mask = http.Request.Query["updateMask"].ToString() is { Length: > 0 } m ? m : http.Request.Query["update_mask"].ToString();
        return ApiResponses.From(http.Request, await keys.UpdateAsync(ProjectOf(http).Id, key, body.Value!, mask, http.RequestAborted).ConfigureAwait(false));
    }

    private static async Task<IResult> DeleteKeyAsync(HttpContext http, string key, SiteKeyService keys) =>
        ApiResponses.From(http.Request, await keys.DeleteAsync(ProjectOf(http).Id, key, http.RequestAborted).ConfigureAwait(false));

    private static async Task<IResult> KeyVerbAsync(HttpContext http, string key, SiteKeyService keys)
    {
        var (id, verb) = Split(key);
        switch (verb)
        {
            case "migrate":
                var body = await RequestBody.ReadMessageAsync<MigrateKeyRequest>(http.Request, Limit(http), http.RequestAborted).ConfigureAwait(false);
                return body.IsSuccess
                    ? ApiResponses.From(http.Request, await keys.MigrateAsync(ProjectOf(http).Id, id, http.RequestAborted).ConfigureAwait(false))
                    : RpcErrors.Result(body.Error!);
            case "addIpOverride":
            case "removeIpOverride":
                return RpcErrors.Result(ErrorKind.Unimplemented, "IP overrides are not implemented by Bulwark yet (see docs/api.md).");
            default:
                return RpcErrors.Result(ErrorKind.NotFound, "No such method.");
        }
    }

    private static async Task<IResult> GetMetricsAsync(HttpContext http, string key, SiteKeyService keys) =>
        ApiResponses.From(http.Request, await keys.GetMetricsAsync(ProjectOf(http).Id, key, http.RequestAborted).ConfigureAwait(false));

    private static (string Id, string? Verb) Split(string segment)
    {
        var colon = segment.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? (segment, null) : (segment[..colon], segment[(colon + 1)..]);
    }
}
