using Bulwark.Core.Keys;

namespace Bulwark.Core.Tokens;

public enum TokenIssueStatus
{
    Issued,
    UnknownKey,
    NotAWebKey,
    DomainNotAllowed,
    InvalidAction,
    NoActiveKey,
}

public readonly record struct TokenIssueResult(TokenIssueStatus Status, string? Token, SiteKeyRecord? Key);
