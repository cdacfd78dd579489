namespace Bulwark.Core.Auth;

public interface IApiKeyStore
{
    Task<ApiKeyRecord?> FindByHashAsync(string hash, CancellationToken cancellationToken);

    /// <returns>false when a key with that hash exists already.</returns>
    Task<bool> TryCreateAsync(ApiKeyRecord record, CancellationToken cancellationToken);
}
