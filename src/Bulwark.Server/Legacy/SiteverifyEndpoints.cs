using System.Globalization;
using System.Net;
using System.Text.Json.Serialization;
using Bulwark.Core.Assessments;
using Bulwark.Core.Keys;
using Bulwark.Core.Projects;
using Bulwark.Core.Protocol;
using Bulwark.Server.Api;
using Bulwark.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Bulwark.Server.Legacy;

/// <summary>reCAPTCHA v3's <c>POST /recaptcha/api/siteverify</c>, answered from an assessment in the key's project.</summary>
internal static class SiteverifyEndpoints
{
    public static IEndpointRouteBuilder MapSiteverifyEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/recaptcha/api/siteverify", VerifyAsync);
        app.MapPost("/recaptcha/enterprise/siteverify", VerifyAsync);
        return app;
    }

    private static async Task<IResult> VerifyAsync(
        HttpContext http,
        SiteKeyCache keys,
        ProjectCache projects,
        AssessmentService assessments,
        IOptions<BulwarkOptions> options)
    {
        var (body, tooLarge) = await RequestBody.ReadAsync(http.Request, options.Value.Limits.TokenRequestBytes, http.RequestAborted).ConfigureAwait(false);
        if (tooLarge)
        {
            return Answer(new SiteverifyResponse { ErrorCodes = ["bad-request"] }, StatusCodes.Status413PayloadTooLarge);
        }

        // Google reads the parameters from the form body or the query string.
        var form = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(System.Text.Encoding.UTF8.GetString(body!));
        string Field(string name) => form.TryGetValue(name, out var v) ? v.ToString() : http.Request.Query[name].ToString();

        var secret = Field("secret");
        var token = Field("response");
        var remoteIp = Field("remoteip");
        if (secret.Length == 0)
        {
            return Answer(new SiteverifyResponse { ErrorCodes = token.Length == 0 ? ["missing-input-secret", "missing-input-response"] : ["missing-input-secret"] });
        }

        var key = secret.Length <= 128 ? await keys.FindByLegacySecretAsync(secret, http.RequestAborted).ConfigureAwait(false) : null;
        if (key is null)
        {
            return Answer(new SiteverifyResponse { ErrorCodes = ["invalid-input-secret"] });
        }

        if (token.Length == 0)
        {
            return Answer(new SiteverifyResponse { ErrorCodes = ["missing-input-response"] });
        }

        var project = await projects.GetAsync(key.ProjectId, http.RequestAborted).ConfigureAwait(false);
        if (project is null)
        {
            return Answer(new SiteverifyResponse { ErrorCodes = ["invalid-input-secret"] });
        }

        var request = new Assessment
        {
            Event = new Event
            {
                Token = token,
                SiteKey = key.KeyId,
                UserIpAddress = IPAddress.TryParse(remoteIp, out _) ? remoteIp : null,
            },
        };

        AssessmentRecord record;
        try
        {
            var result = await assessments.CreateAsync(project, request, http.RequestAborted).ConfigureAwait(false);
            if (!result.IsSuccess)
            {
                return Answer(new SiteverifyResponse { ErrorCodes = ["bad-request"] });
            }

            record = result.Value!;
        }
        catch (AssessmentQueueFullException)
        {
            return Answer(new SiteverifyResponse { ErrorCodes = ["unavailable"] }, StatusCodes.Status503ServiceUnavailable);
        }

        var tp = record.Response.TokenProperties!;
        if (!tp.Valid)
        {
            var code = tp.InvalidReason is InvalidReason.Dupe or InvalidReason.Expired ? "timeout-or-duplicate" : "invalid-input-response";
            return Answer(new SiteverifyResponse { ErrorCodes = [code] });
        }

        return Answer(new SiteverifyResponse
        {
            Success = true,
            Score = record.Score,
            Action = tp.Action,
            ChallengeTs = tp.CreateTime?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            Hostname = tp.Hostname,
        });
    }

    /// <summary>A failure in siteverify's own shape (<c>success: false</c> and an error code), for errors no endpoint handled.</summary>
    public static IResult Failed(string errorCode, int status) => Answer(new SiteverifyResponse { ErrorCodes = [errorCode] }, status);

    private static Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<SiteverifyResponse> Answer(SiteverifyResponse response, int status = StatusCodes.Status200OK) =>
        TypedResults.Json(response, SiteverifyJsonContext.Default.SiteverifyResponse, statusCode: status);
}

internal sealed class SiteverifyResponse
{
    [JsonPropertyName("success")]
    public bool Success { get; set; }

    [JsonPropertyName("score")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public float? Score { get; set; }

    [JsonPropertyName("action")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Action { get; set; }

    [JsonPropertyName("challenge_ts")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ChallengeTs { get; set; }

    [JsonPropertyName("hostname")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Hostname { get; set; }

    [JsonPropertyName("error-codes")]
    public List<string> ErrorCodes { get; set; } = [];
}

[JsonSerializable(typeof(SiteverifyResponse))]
internal sealed partial class SiteverifyJsonContext : JsonSerializerContext
{
}
