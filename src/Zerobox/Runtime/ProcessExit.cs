using Zerobox.Interop;

namespace Zerobox.Runtime;

public static class ProcessExit
{
    /// <summary>Ends the process at once with <paramref name="code"/>, without the .NET runtime's shutdown.
    /// Only for when every resource has already been released (the run path disposes everything first).</summary>
    public static void Now(int code) => Libc._exit(code);
}
