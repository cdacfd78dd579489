using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Bulwark.Core.Protocol;

/// <summary>
/// The two proto3 JSON dialects: enums as names (the default) or as numbers
/// (<c>$alt=json;enum-encoding=int</c>, which the official client libraries ask for).
/// Reading accepts both, so requests may carry either.
/// </summary>
public static class ProtocolJson
{
    private static readonly ProtocolJsonContext NamesContext = new(CreateOptions(enumsAsNames: true));
    private static readonly ProtocolJsonContext NumbersContext = new(CreateOptions(enumsAsNames: false));

    public static JsonTypeInfo<T> Info<T>(bool enumsAsNumbers)
    {
        var context = enumsAsNumbers ? NumbersContext : NamesContext;
        return (JsonTypeInfo<T>)context.GetTypeInfo(typeof(T))!;
    }

    /// <summary>Reading is lenient on enums (names or numbers), strict on everything else.</summary>
    public static JsonTypeInfo<T> ReadInfo<T>() => Info<T>(enumsAsNumbers: false);

    public static T Clone<T>(T value) where T : class
    {
        var info = Info<T>(enumsAsNumbers: false);
        return JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(value, info), info)!;
    }

    private static JsonSerializerOptions CreateOptions(bool enumsAsNames)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            MaxDepth = 32,
            // Proto3 JSON parsers accept the original snake_case field names too.
            PropertyNameCaseInsensitive = true,
        };
        var numbers = !enumsAsNames;
        options.Converters.Add(new ProtoEnumConverter<InvalidReason>(numbers));
        options.Converters.Add(new ProtoEnumConverter<ClassificationReason>(numbers));
        options.Converters.Add(new ProtoEnumConverter<RiskChallenge>(numbers));
        options.Converters.Add(new ProtoEnumConverter<FraudPrevention>(numbers));
        options.Converters.Add(new ProtoEnumConverter<IntegrationType>(numbers));
        options.Converters.Add(new ProtoEnumConverter<ChallengeSecurityPreference>(numbers));
        options.Converters.Add(new ProtoEnumConverter<TestingChallenge>(numbers));
        options.Converters.Add(new ProtoEnumConverter<WafService>(numbers));
        options.Converters.Add(new ProtoEnumConverter<WafFeature>(numbers));
        options.Converters.Add(new ProtoEnumConverter<Annotation>(numbers));
        options.Converters.Add(new ProtoEnumConverter<AnnotationReason>(numbers));
        options.Converters.Add(new ProtoEnumConverter<TransactionEventType>(numbers));
        return options;
    }
}
