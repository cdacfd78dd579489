using Bulwark.Core.Storage;
using Npgsql;

namespace Bulwark.Storage.Postgres;

/// <summary>
/// PostgreSQL's outages are what Npgsql calls transient (<see cref="NpgsqlException.IsTransient"/>):
/// a refused, cut or timed-out connection, an exhausted pool, and server errors of the classes that
/// say so (the server shutting down or starting, too many connections, out of resources). Errors of
/// the statement itself (a constraint, a syntax error) are defects.
/// </summary>
internal sealed class PostgresFaults : IStoreFaults
{
    public bool IsUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is NpgsqlException { IsTransient: true })
            {
                return true;
            }
        }

        return false;
    }
}
