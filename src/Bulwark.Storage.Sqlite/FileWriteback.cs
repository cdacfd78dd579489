using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Bulwark.Storage.Sqlite;

/// <summary>
/// Starts the kernel writing a file's dirty pages to disk without waiting for them and without an
/// fsync's journal commit (Linux <c>sync_file_range(SYNC_FILE_RANGE_WRITE)</c>, as PostgreSQL's
/// <c>checkpoint_flush_after</c> does): the fsync that later needs them durable then has little
/// left to write. Elsewhere it does nothing.
/// </summary>
#pragma warning disable CA1001 // The handle is never closed, on purpose: see _handle.
internal sealed partial class FileWriteback
{
    private const uint SyncFileRangeWrite = 2;

    /// <summary>
    /// Opened once and never closed. Closing any descriptor of a file drops every POSIX lock this
    /// process holds on it, SQLite's included (sqlite.org/howtocorrupt.html, 2.2): another process
    /// could then take the database and delete the log under the connections still open.
    /// </summary>
    private readonly SafeFileHandle? _handle;

    private bool _failed;

    public FileWriteback(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Without it the checkpoint works as before: the fsync at the log's restart writes everything.
            return;
        }

        // A reference never released: not even the finalizer closes it.
        var added = false;
        _handle.DangerousAddRef(ref added);
    }

    /// <summary>Starts writing back the whole file; false where that is not available (or failed once).</summary>
    public bool Start()
    {
        if (_handle is null || _failed)
        {
            return false;
        }

        if (SyncFileRange((int)_handle.DangerousGetHandle(), 0, 0, SyncFileRangeWrite) != 0)
        {
            // Not supported on this file system: the fsync at the log's restart writes everything, as before.
            _failed = true;
            return false;
        }

        return true;
    }

    [LibraryImport("libc", EntryPoint = "sync_file_range", SetLastError = true)]
    private static partial int SyncFileRange(int fd, long offset, long count, uint flags);
}
#pragma warning restore CA1001
