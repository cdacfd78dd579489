using System.Text.Json;
using Bulwark.Core.Protocol;

namespace Bulwark.Core.Tests.Protocol;

public sealed class ProtocolJsonTests
{
    [Fact]
    public void Write_EnumsAsNames_ByDefault()
    {
        var json = JsonSerializer.Serialize(new TokenProperties { InvalidReason = InvalidReason.BrowserError }, ProtocolJson.Info<Assessment>(false).Options);
        Assert.Contains("\"invalidReason\":\"BROWSER_ERROR\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_EnumsAsNumbers_WhenAsked()
    {
        var assessment = new Assessment { TokenProperties = new TokenProperties { InvalidReason = InvalidReason.Dupe } };
        var json = JsonSerializer.Serialize(assessment, ProtocolJson.Info<Assessment>(true));
        Assert.Contains("\"invalidReason\":4", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"POLICY_BASED_CHALLENGE\"")]
    [InlineData("\"policy_based_challenge\"")]
    [InlineData("5")]
    public void Read_EnumNameOrNumber(string value)
    {
        var key = JsonSerializer.Deserialize($"{{\"webSettings\":{{\"integrationType\":{value}}}}}", ProtocolJson.ReadInfo<Key>())!;
        Assert.Equal(IntegrationType.PolicyBasedChallenge, key.WebSettings!.IntegrationType);
    }

    [Fact]
    public void Read_UnknownEnumName_Throws() =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("{\"webSettings\":{\"integrationType\":\"NOPE\"}}", ProtocolJson.ReadInfo<Key>()));

    [Fact]
    public void Read_SnakeCaseFieldsAndUnknownFields()
    {
        var body = "{\"event\":{\"site_key\":\"k\",\"expected_action\":\"login\",\"somethingNew\":{\"x\":1}}}"u8.ToArray();
        var a = JsonSerializer.Deserialize(FieldNameNormalizer.Normalize(body), ProtocolJson.ReadInfo<Assessment>())!;
        Assert.Equal("k", a.Event!.SiteKey);
        Assert.Equal("login", a.Event.ExpectedAction);
    }

    [Fact]
    public void Normalize_UnderscoresOnlyInValues_ReturnsTheSameBuffer()
    {
        var body = "{\"event\":{\"token\":\"AQ_x-y\",\"expectedAction\":\"log_in\"}}"u8.ToArray();
        Assert.Same(body, FieldNameNormalizer.Normalize(body));
    }

    [Fact]
    public void Normalize_KeepsMapKeysAndValuesAsSent()
    {
        var body = "{\"display_name\":\"a_b\",\"labels\":{\"team_name\":\"x_y\"},\"web_settings\":{\"allowed_domains\":[\"a.com\"],\"integration_type\":\"SCORE\"}}"u8.ToArray();
        var key = JsonSerializer.Deserialize(FieldNameNormalizer.Normalize(body), ProtocolJson.ReadInfo<Key>())!;
        Assert.Equal("a_b", key.DisplayName);
        Assert.Equal("x_y", key.Labels!["team_name"]);
        Assert.Equal(["a.com"], key.WebSettings!.AllowedDomains!);
        Assert.Equal(IntegrationType.Score, key.WebSettings.IntegrationType);
    }

    [Fact]
    public void Write_Int64AsStringsAndTimestampsInUtc()
    {
        var metrics = new Metrics { StartTime = new DateTimeOffset(2026, 11, 21, 1, 2, 3, TimeSpan.FromHours(2)) };
        var day = new ScoreMetrics();
        day.OverallMetrics.ScoreBuckets[70] = 12;
        metrics.ScoreMetrics.Add(day);

        var json = JsonSerializer.Serialize(metrics, ProtocolJson.Info<Metrics>(false));

        Assert.Contains("\"startTime\":\"2026-11-20T23:02:03.000000Z\"", json, StringComparison.Ordinal);
        Assert.Contains("\"scoreBuckets\":{\"70\":\"12\"}", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0L, "2026-11-21T01:02:03.000000Z")]
    [InlineData(1_234_567L, "2026-11-21T01:02:03.123456Z")]
    [InlineData(9_999_999L, "2026-11-21T01:02:03.999999Z")]
    public void Write_TimestampWithSixFractionalDigitsTruncated(long ticks, string expected)
    {
        var metrics = new Metrics { StartTime = new DateTimeOffset(2026, 11, 21, 1, 2, 3, TimeSpan.Zero).AddTicks(ticks) };

        var json = JsonSerializer.Serialize(metrics, ProtocolJson.Info<Metrics>(false));

        Assert.Contains($"\"startTime\":\"{expected}\"", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"AQID\"")]
    [InlineData("\"AQI-\"")]
    public void Read_BytesStandardOrUrlSafeBase64(string value)
    {
        var e = JsonSerializer.Deserialize($"{{\"hashedAccountId\":{value}}}", ProtocolJson.ReadInfo<Assessment>().Options.GetTypeInfo(typeof(Event)));
        Assert.NotNull(((Event)e!).HashedAccountId);
    }
}
