using System.Diagnostics;
using System.Globalization;

namespace Bulwark.Server.Tests;

/// <summary>Signals for the processes the tests start; <see cref="Process.Kill()"/> only sends SIGKILL.</summary>
internal static class ProcessSignals
{
    /// <summary>Asks the process to stop (SIGTERM), as a service manager does; returns once the signal is sent.</summary>
    public static async Task TerminateAsync(Process process)
    {
        using var term = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)])!;
        await term.WaitForExitAsync();
    }
}
