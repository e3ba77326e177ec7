using System.Diagnostics;

namespace Zerobox.Runtime;

/// <summary>ZEROBOX_TRACE_STARTUP=1 prints how long each start-up stage took (for bench/ and profiling);
/// otherwise every call is a single branch.</summary>
public static class StartupTrace
{
    private static readonly bool Enabled = Environment.GetEnvironmentVariable("ZEROBOX_TRACE_STARTUP") == "1";
    private static long _last = Stopwatch.GetTimestamp();

    public static void Mark(string stage)
    {
        if (!Enabled) return;
        var now = Stopwatch.GetTimestamp();
        StdErr.WriteLine($"zerobox: trace: {stage,-22} {Stopwatch.GetElapsedTime(_last, now).TotalMilliseconds,7:F3} ms");
        _last = now;
    }
}
