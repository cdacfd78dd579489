namespace Bulwark.Core.Tokens;

/// <summary>An immutable snapshot of the token keys every node shares.</summary>
public sealed class KeyRing
{
    private readonly TokenKey[] _keys;

    public KeyRing(IEnumerable<TokenKey> keys)
    {
        _keys = keys.OrderBy(k => k.Id).ToArray();
    }

    public static KeyRing Empty { get; } = new([]);

    public IReadOnlyList<TokenKey> Keys => _keys;

    /// <summary>The newest key whose activation time has come: the one to seal with.</summary>
    public TokenKey? Current(DateTimeOffset now)
    {
        for (var i = _keys.Length - 1; i >= 0; i--)
        {
            if (_keys[i].ActivatesAt <= now)
            {
                return _keys[i];
            }
        }

        return null;
    }

    public TokenKey? Find(int id)
    {
        foreach (var key in _keys)
        {
            if (key.Id == id)
            {
                return key;
            }
        }

        return null;
    }
}
