namespace Bulwark.Core.Storage;

/// <summary>
/// Tells a store's outages from its defects. An outage is an exception that says the database cannot
/// be reached or cannot take the work just now: the connection refused or cut, the server shutting
/// down or out of connections, a lock held past the timeout, a full disk. Nothing the request did
/// causes it, and the same request may succeed later, so clients are told to retry
/// (<c>UNAVAILABLE</c>, 503) rather than that Bulwark failed (<c>INTERNAL</c>, 500).
/// </summary>
public interface IStoreFaults
{
    /// <summary>Whether <paramref name="exception"/>, or an exception it wraps, is an outage of the store.</summary>
    bool IsUnavailable(Exception exception);
}
