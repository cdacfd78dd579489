namespace Bulwark.Core.Tokens;

public enum TokenOpenStatus
{
    Ok,
    Malformed,
    UnknownKey,
}

public readonly record struct TokenOpenResult(TokenOpenStatus Status, TokenPayload? Payload, int KeyId)
{
    public static TokenOpenResult Malformed => new(TokenOpenStatus.Malformed, null, 0);

    public static TokenOpenResult Ok(TokenPayload payload) => new(TokenOpenStatus.Ok, payload, 0);

    public static TokenOpenResult UnknownKey(int keyId) => new(TokenOpenStatus.UnknownKey, null, keyId);
}
