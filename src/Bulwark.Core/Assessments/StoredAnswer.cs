using System.Data.Common;
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

    /// <summary>The columns every store selects, in this order, for <see cref="Read"/>.</summary>
    public const string Columns = "site_key, create_time, action, hostname, score, valid, invalid_reason, response, features";

    public static AssessmentRecord Read(DbDataReader reader, string projectId, string assessmentId)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new AssessmentRecord
        {
            ProjectId = projectId,
            AssessmentId = assessmentId,
            SiteKey = reader.IsDBNull(0) ? null : reader.GetString(0),
            CreateTime = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
            Action = reader.IsDBNull(2) ? null : reader.GetString(2),
            Hostname = reader.IsDBNull(3) ? null : reader.GetString(3),
            Score = Convert.ToSingle(reader.GetValue(4), System.Globalization.CultureInfo.InvariantCulture),
            Valid = reader.GetBoolean(5),
            InvalidReason = (InvalidReason)reader.GetInt32(6),
            Response = FromJson(reader.GetString(7)),
            Features = reader.IsDBNull(8) ? null : reader.GetFieldValue<byte[]>(8),
        };
    }

    /// <summary>UTC days since 0001-01-01 (DateOnly's day number): the metrics bucket.</summary>
    public static int DayNumber(DateTimeOffset time) => DateOnly.FromDateTime(time.UtcDateTime).DayNumber;

    public static string ReasonsText(IReadOnlyList<AnnotationReason> reasons) =>
        string.Join(',', reasons.Select(r => ((int)r).ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
