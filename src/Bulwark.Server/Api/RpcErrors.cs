using Bulwark.Core.Protocol;
using Bulwark.Core.Results;

namespace Bulwark.Server.Api;

/// <summary>The one place expected errors become google.rpc.Status JSON with the matching HTTP status.</summary>
internal static class RpcErrors
{
    public static (int Http, string Status) Map(ErrorKind kind) => kind switch
    {
        ErrorKind.InvalidArgument => (StatusCodes.Status400BadRequest, "INVALID_ARGUMENT"),
        ErrorKind.RequestTooLarge => (StatusCodes.Status413PayloadTooLarge, "INVALID_ARGUMENT"),
        ErrorKind.FailedPrecondition => (StatusCodes.Status400BadRequest, "FAILED_PRECONDITION"),
        ErrorKind.NotFound => (StatusCodes.Status404NotFound, "NOT_FOUND"),
        ErrorKind.AlreadyExists => (StatusCodes.Status409Conflict, "ALREADY_EXISTS"),
        ErrorKind.PermissionDenied => (StatusCodes.Status403Forbidden, "PERMISSION_DENIED"),
        ErrorKind.Unauthenticated => (StatusCodes.Status401Unauthorized, "UNAUTHENTICATED"),
        ErrorKind.ResourceExhausted => (StatusCodes.Status429TooManyRequests, "RESOURCE_EXHAUSTED"),
        ErrorKind.Unimplemented => (StatusCodes.Status501NotImplemented, "UNIMPLEMENTED"),
        ErrorKind.Unavailable => (StatusCodes.Status503ServiceUnavailable, "UNAVAILABLE"),
        _ => (StatusCodes.Status500InternalServerError, "INTERNAL"),
    };

    public static IResult Result(Error error) => Result(error.Kind, error.Message);

    public static IResult Result(ErrorKind kind, string message)
    {
        var (http, status) = Map(kind);
        var body = new RpcErrorBody { Error = new RpcStatus { Code = http, Message = message, Status = status } };
        return TypedResults.Json(body, ProtocolJson.Info<RpcErrorBody>(enumsAsNumbers: false), statusCode: http);
    }
}
