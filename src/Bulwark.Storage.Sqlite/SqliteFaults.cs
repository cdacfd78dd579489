using Bulwark.Core.Storage;
using Microsoft.Data.Sqlite;
using static SQLitePCL.raw;

namespace Bulwark.Storage.Sqlite;

/// <summary>
/// SQLite's outages: the file locked by another process past the busy timeout (an operator's
/// <c>sqlite3</c> holding a write transaction), the disk full, the file or its directory gone or
/// unreadable, an I/O error. Errors of the statement itself (a constraint, a syntax error) are defects.
/// </summary>
internal sealed class SqliteFaults : IStoreFaults
{
    public bool IsUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SqliteException { SqliteErrorCode: SQLITE_BUSY or SQLITE_LOCKED or SQLITE_FULL or SQLITE_IOERR or SQLITE_CANTOPEN })
            {
                return true;
            }
        }

        return false;
    }
}
