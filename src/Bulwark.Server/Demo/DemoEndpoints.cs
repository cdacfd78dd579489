using System.Text.Json;
using System.Text.Json.Serialization;
using Bulwark.Core.Assessments;
using Bulwark.Core.Projects;
using Bulwark.Core.Protocol;
using Bulwark.Server.Api;
using Bulwark.Server.Browser;
using Bulwark.Server.Hosting;

namespace Bulwark.Server.Demo;

/// <summary>/demo: a login page protected by Bulwark, with a tiny backend that assesses its tokens.</summary>
internal static class DemoEndpoints
{
    private const int MaxBody = 16 * 1024;

    public static IEndpointRouteBuilder MapDemoEndpoints(this IEndpointRouteBuilder app, string siteKey)
    {
        using var stream = typeof(DemoEndpoints).Assembly.GetManifestResourceStream("Bulwark.Server.Demo.demo.html")!;
        using var reader = new StreamReader(stream);
        var page = reader.ReadToEnd().Replace("{{SITE_KEY}}", siteKey, StringComparison.Ordinal);

        app.MapGet("/demo", () => TypedResults.Content(page, "text/html; charset=utf-8"));
        app.MapPost("/demo/login", async (HttpContext http, ProjectCache projects, AssessmentService assessments) =>
        {
            var (body, tooLarge) = await RequestBody.ReadAsync(http.Request, MaxBody, http.RequestAborted).ConfigureAwait(false);
            DemoLogin? login = null;
            try
            {
                login = tooLarge ? null : JsonSerializer.Deserialize(body, DemoJsonContext.Default.DemoLogin);
            }
            catch (JsonException)
            {
            }

            if (login is null)
            {
                return TypedResults.Json(new BrowserError("bad-request"), BrowserJsonContext.Default.BrowserError, statusCode: 400);
            }

            var project = await projects.GetAsync(StartupTasks.DemoProjectId, http.RequestAborted).ConfigureAwait(false);
            var result = await assessments.CreateAsync(project!, new Assessment
            {
                Event = new Event
                {
                    Token = login.Token,
                    SiteKey = siteKey,
                    ExpectedAction = "login",
                    UserAgent = http.Request.Headers.UserAgent.ToString(),
                    UserIpAddress = http.Connection.RemoteIpAddress?.ToString(),
                },
            }, http.RequestAborted).ConfigureAwait(false);
            return result.IsSuccess ? ApiResponses.Ok(http.Request, result.Value!.Response) : RpcErrors.Result(result.Error!);
        });
        return app;
    }
}

internal sealed record DemoLogin([property: JsonPropertyName("token")] string? Token, [property: JsonPropertyName("username")] string? Username);

[JsonSerializable(typeof(DemoLogin))]
internal sealed partial class DemoJsonContext : JsonSerializerContext
{
}
