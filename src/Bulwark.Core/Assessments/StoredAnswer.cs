using System.Text.Json;
using Bulwark.Core.Protocol;

namespace Bulwark.Core.Assessments;

/// <summary>How every store keeps an answer: the Assessment JSON (enums as names) without the spent token.</summary>
public static class StoredAnswer
{
    public static string ToJson(Assessment response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var stored = new Assessment
        {
            Name = response.Name,
            Event = response.Event?.WithoutToken(),
            RiskAnalysis = response.RiskAnalysis,
            TokenProperties = response.TokenProperties,
            AssessmentEnvironment = response.AssessmentEnvironment,
        };
        return JsonSerializer.Serialize(stored, ProtocolJson.Info<Assessment>(enumsAsNumbers: false));
    }

    public static Assessment FromJson(string json) => JsonSerializer.Deserialize(json, ProtocolJson.ReadInfo<Assessment>())!;

    /// <summary>UTC days since 0001-01-01 (DateOnly's day number): the metrics bucket.</summary>
    public static int DayNumber(DateTimeOffset time) => DateOnly.FromDateTime(time.UtcDateTime).DayNumber;

    public static string ReasonsText(IReadOnlyList<AnnotationReason> reasons) =>
        string.Join(',', reasons.Select(r => ((int)r).ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
