using Bulwark.Core.Protocol;
using Bulwark.Core.Results;

namespace Bulwark.Server.Api;

/// <summary>Writes protocol messages in the enum encoding the client asked for.</summary>
internal static class ApiResponses
{
    /// <summary>The official client libraries send <c>$alt=json;enum-encoding=int</c>.</summary>
    public static bool WantsEnumNumbers(HttpRequest request) =>
        request.Query.TryGetValue("$alt", out var alt) && alt.ToString().Contains("enum-encoding=int", StringComparison.OrdinalIgnoreCase);

    public static IResult Ok<T>(HttpRequest request, T value) =>
        TypedResults.Json(value, ProtocolJson.Info<T>(WantsEnumNumbers(request)));

    public static IResult From<T>(HttpRequest request, Result<T> result) =>
        result.IsSuccess ? Ok(request, result.Value) : RpcErrors.Result(result.Error!);
}
