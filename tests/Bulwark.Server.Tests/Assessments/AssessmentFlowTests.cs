using System.Net;
using System.Text.Json;

namespace Bulwark.Server.Tests.Assessments;

public sealed class AssessmentFlowTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private BulwarkServer Server => fixture.Server;

    [Fact]
    public async Task Assess_FreshToken_IsValidWithItsActionAndHostname()
    {
        var key = await Server.CreateWebKeyAsync(["example.com"]);
        var token = await Server.TokenAsync(key, "https://shop.example.com", "checkout");

        var a = await Server.AssessAsync($$"""{"token":"{{token}}","siteKey":"{{key}}","expectedAction":"checkout","userAgent":"{{BulwarkServer.HumanUserAgent}}"}""");

        var tp = a.GetProperty("tokenProperties");
        Assert.True(tp.GetProperty("valid").GetBoolean());
        Assert.Equal("INVALID_REASON_UNSPECIFIED", tp.GetProperty("invalidReason").GetString());
        Assert.Equal("checkout", tp.GetProperty("action").GetString());
        Assert.Equal("shop.example.com", tp.GetProperty("hostname").GetString());
        Assert.StartsWith("projects/acme-shop/assessments/", a.GetProperty("name").GetString(), StringComparison.Ordinal);
        Assert.Equal(token, a.GetProperty("event").GetProperty("token").GetString());
        Assert.True(a.GetProperty("riskAnalysis").GetProperty("score").GetSingle() >= 0.7f);
    }

    [Fact]
    public async Task Assess_ReusedToken_ReturnsDupe()
    {
        var key = await Server.CreateWebKeyAsync(["localhost"]);
        var token = await Server.TokenAsync(key);
        await Server.AssessAsync($$"""{"token":"{{token}}"}""");

        var again = await Server.AssessAsync($$"""{"token":"{{token}}"}""");

        Assert.False(again.GetProperty("tokenProperties").GetProperty("valid").GetBoolean());
        Assert.Equal("DUPE", again.GetProperty("tokenProperties").GetProperty("invalidReason").GetString());
        Assert.Equal(0f, again.GetProperty("riskAnalysis").GetProperty("score").GetSingle());
    }

    [Fact]
    public async Task Assess_ConcurrentReplays_AcceptTheTokenOnce()
    {
        var key = await Server.CreateWebKeyAsync(["localhost"]);
        var token = await Server.TokenAsync(key);

        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Server.AssessAsync($$"""{"token":"{{token}}"}""")));

        Assert.Equal(1, answers.Count(a => a.GetProperty("tokenProperties").GetProperty("valid").GetBoolean()));
        Assert.Equal(39, answers.Count(a => a.GetProperty("tokenProperties").GetProperty("invalidReason").GetString() == "DUPE"));
    }

    [Fact]
    public async Task Assess_EnumEncodingInt_AnswersWithNumbers()
    {
        var key = await Server.CreateWebKeyAsync(["localhost"]);
        var token = await Server.TokenAsync(key);
        await Server.AssessAsync($$"""{"token":"{{token}}"}""");

        using var response = await Server.SendAsync(HttpMethod.Post, "/v1/projects/acme-shop/assessments?$alt=json;enum-encoding=int", $$$"""{"event":{"token":"{{{token}}}"}}""");
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(4, json.GetProperty("tokenProperties").GetProperty("invalidReason").GetInt32());
    }

    [Fact]
    public async Task Assess_NoToken_IsMissing()
    {
        var a = await Server.AssessAsync("""{"expectedAction":"login"}""");
        Assert.Equal("MISSING", a.GetProperty("tokenProperties").GetProperty("invalidReason").GetString());
    }

    [Fact]
    public async Task Assess_BrowserErrorToken_IsBrowserError()
    {
        var a = await Server.AssessAsync("""{"token":"err.eyJrIjoiNkwiLCJhIjoibG9naW4iLCJjIjoibmV0d29yayJ9"}""");
        Assert.Equal("BROWSER_ERROR", a.GetProperty("tokenProperties").GetProperty("invalidReason").GetString());
    }

    [Fact]
    public async Task Assess_TokenOfAnotherKey_IsSiteMismatch()
    {
        var key = await Server.CreateWebKeyAsync(["localhost"]);
        var other = await Server.CreateWebKeyAsync(["localhost"]);
        var token = await Server.TokenAsync(key);

        var a = await Server.AssessAsync($$"""{"token":"{{token}}","siteKey":"{{other}}"}""");

        Assert.Equal("UNKNOWN_INVALID_REASON", a.GetProperty("tokenProperties").GetProperty("invalidReason").GetString());
        Assert.Equal("SITE_MISMATCH", a.GetProperty("riskAnalysis").GetProperty("extendedVerdictReasons")[0].GetString());

        // Not spent: the right key can still use it.
        var right = await Server.AssessAsync($$"""{"token":"{{token}}","siteKey":"{{key}}"}""");
        Assert.True(right.GetProperty("tokenProperties").GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task Assess_DomainRemovedFromKeyAfterIssue_IsHostnameMismatch()
    {
        var key = await Server.CreateWebKeyAsync(["localhost", "example.com"]);
        var token = await Server.TokenAsync(key, "https://example.com");
        using var patch = await Server.SendAsync(HttpMethod.Patch, $"/v1/projects/acme-shop/keys/{key}?updateMask=webSettings.allowedDomains", """{"webSettings":{"allowedDomains":["localhost"]}}""");
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);

        var a = await Server.AssessAsync($$"""{"token":"{{token}}"}""");

        Assert.Equal("HOSTNAME_MISMATCH", a.GetProperty("riskAnalysis").GetProperty("extendedVerdictReasons")[0].GetString());
    }

    [Fact]
    public async Task Assess_TestingScore_IsReturnedAsIs()
    {
        var key = await Server.CreateWebKeyAsync(["localhost"], ""","testingOptions":{"testingScore":0.2}""");
        var token = await Server.TokenAsync(key);

        var a = await Server.AssessAsync($$"""{"token":"{{token}}"}""");

        Assert.Equal(0.2f, a.GetProperty("riskAnalysis").GetProperty("score").GetSingle());
    }

    [Fact]
    public async Task Assess_HeadlessBrowserSignals_ScoreLowWithAutomation()
    {
        var key = await Server.CreateWebKeyAsync(["localhost"]);
        const string headless = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36";
        using var response = await Server.RequestTokenAsync(key, "http://localhost", signals: $$"""{"wd":true,"ua":"{{headless}}","lg":1,"el":80}""", userAgent: headless);
        var token = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString();

        var a = await Server.AssessAsync($$"""{"token":"{{token}}","userAgent":"{{headless}}"}""");

        Assert.True(a.GetProperty("riskAnalysis").GetProperty("score").GetSingle() <= 0.1f);
        Assert.Equal("AUTOMATION", a.GetProperty("riskAnalysis").GetProperty("reasons")[0].GetString());
        var features = await Server.FeaturesAsync(a.GetProperty("name").GetString()!);
        Assert.Contains("navigator-webdriver", features, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.5, "UNEXPECTED_ACTION")]
    [InlineData(0.0, "INVALID_REASON_UNSPECIFIED")]
    public async Task Assess_PolicyKeyWithOtherExpectedAction_IsUnexpectedActionOnlyWithAThreshold(double threshold, string expected)
    {
        var t = threshold.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var body = """{"displayName":"policy","webSettings":{"allowedDomains":["localhost"],"integrationType":"POLICY_BASED_CHALLENGE","challengeSettings":{"defaultSettings":{"scoreThreshold":@@}}}}""".Replace("@@", t, StringComparison.Ordinal);
        using var created = await Server.SendAsync(HttpMethod.Post, "/v1/projects/acme-shop/keys", body);
        var key = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("name").GetString()!.Split('/')[^1];
        var token = await Server.TokenAsync(key, action: "login");

        var a = await Server.AssessAsync($$"""{"token":"{{token}}","expectedAction":"checkout"}""");

        Assert.Equal(expected, a.GetProperty("tokenProperties").GetProperty("invalidReason").GetString());
    }

    [Fact]
    public async Task Annotate_KnownAssessment_IsStored()
    {
        var a = await Server.AssessAsync("""{"expectedAction":"login"}""");
        var before = await Server.CountAsync("annotations");

        using var response = await Server.SendAsync(HttpMethod.Post, $"/v1/{a.GetProperty("name").GetString()}:annotate", """{"annotation":"FRAUDULENT","reasons":["FAILED_TWO_FACTOR",4]}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{}", await response.Content.ReadAsStringAsync());
        Assert.Equal(before + 1, await Server.CountAsync("annotations"));
    }

    [Fact]
    public async Task Annotate_UnknownAssessment_IsNotFound()
    {
        using var response = await Server.SendAsync(HttpMethod.Post, "/v1/projects/acme-shop/assessments/0123456789abcdef01234567:annotate", """{"annotation":"LEGITIMATE"}""");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("\"NOT_FOUND\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_CountValidAssessmentsPerAction()
    {
        var key = await Server.CreateWebKeyAsync(["localhost"]);
        foreach (var action in new[] { "login", "login", "signup" })
        {
            await Server.AssessAsync($$"""{"token":"{{await Server.TokenAsync(key, action: action)}}"}""");
        }

        using var response = await Server.SendAsync(HttpMethod.Get, $"/v1/projects/acme-shop/keys/{key}/metrics");
        var m = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        var days = m.GetProperty("scoreMetrics");
        var today = days[days.GetArrayLength() - 1];
        Assert.Equal(3, today.GetProperty("overallMetrics").GetProperty("scoreBuckets").EnumerateObject().Sum(p => long.Parse(p.Value.GetString()!, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Single(today.GetProperty("actionMetrics").GetProperty("signup").GetProperty("scoreBuckets").EnumerateObject());
    }
}
