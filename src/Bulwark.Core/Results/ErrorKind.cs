namespace Bulwark.Core.Results;

/// <summary>The google.rpc.Code values the API answers with.</summary>
public enum ErrorKind
{
    InvalidArgument,
    FailedPrecondition,
    NotFound,
    AlreadyExists,
    PermissionDenied,
    Unauthenticated,
    ResourceExhausted,
    Unimplemented,
    Unavailable,
    Internal,
}
