namespace Bulwark.Core.Protocol;

/// <summary>The error body Google APIs send: <c>{"error":{"code","message","status"}}</c>.</summary>
public sealed class RpcErrorBody
{
    public RpcStatus Error { get; set; } = new();
}

public sealed class RpcStatus
{
    public int Code { get; set; }
    public string Message { get; set; } = string.Empty;
    public string Status { get; set; } = string.Empty;
}
