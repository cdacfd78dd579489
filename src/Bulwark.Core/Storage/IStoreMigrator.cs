namespace Bulwark.Core.Storage;

/// <summary>Creates the store's schema or brings it up to date. Safe to run on every start, also by several nodes at once.</summary>
public interface IStoreMigrator
{
    Task MigrateAsync(CancellationToken cancellationToken);
}
