namespace Bulwark.Core.Results;

/// <summary>The google.rpc.Code values the API answers with.</summary>
public enum ErrorKind
{
    InvalidArgument,

    /// <summary>The request body is over the limit: 413, and INVALID_ARGUMENT in the status.</summary>
    RequestTooLarge,
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
