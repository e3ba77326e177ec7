using System.Text;
using System.Text.RegularExpressions;
using Zerobox.Interop;

namespace Zerobox.Linux;

/// <summary>Reads bubblewrap's --json-status-fd stream: "child-pid" when the sandbox starts, "exit-code" when the
/// command ends. No "exit-code" means bubblewrap failed before the command ran.</summary>
public sealed partial class BwrapStatus(int readFd)
{
    private readonly StringBuilder _text = new();
    private readonly Lock _lock = new();

    [GeneratedRegex("\"child-pid\"\\s*:\\s*(\\d+)")]
    private static partial Regex ChildPid();

    [GeneratedRegex("\"exit-code\"\\s*:\\s*(\\d+)")]
    private static partial Regex ExitCodeRx();

    /// <summary>Reads whatever is available without blocking (the descriptor is non-blocking).</summary>
    public unsafe void Drain()
    {
        lock (_lock)
        {
            var buf = stackalloc byte[4096];
            while (true)
            {
                var n = Libc.read(readFd, buf, 4096);
                if (n > 0) { _text.Append(Encoding.UTF8.GetString(buf, (int)n)); continue; }
                if (n < 0 && Libc.Errno == Libc.EINTR) continue;
                return;
            }
        }
    }

    public int? SandboxInitPid
    {
        get { lock (_lock) { var m = ChildPid().Match(_text.ToString()); return m.Success ? int.Parse(m.Groups[1].Value) : null; } }
    }

    public int? CommandExitCode
    {
        get { lock (_lock) { var m = ExitCodeRx().Match(_text.ToString()); return m.Success ? int.Parse(m.Groups[1].Value) : null; } }
    }
}
