using System.Text;
using Zerobox.Interop;

namespace Zerobox.Linux;

/// <summary>Reads bubblewrap's --json-status-fd stream: "child-pid" when the sandbox starts, "exit-code" when the
/// command ends. No "exit-code" means bubblewrap failed before the command ran.</summary>
public sealed class BwrapStatus(int readFd)
{
    private readonly StringBuilder _text = new();
    private readonly Lock _lock = new();


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
        get { lock (_lock) return NumberAfter(_text.ToString(), "\"child-pid\""); }
    }

    public int? CommandExitCode
    {
        get { lock (_lock) return NumberAfter(_text.ToString(), "\"exit-code\""); }
    }

    /// <summary>The integer after <c>"key":</c> in bubblewrap's flat JSON documents (no nesting, no strings with colons).</summary>
    internal static int? NumberAfter(string json, string key)
    {
        var i = json.IndexOf(key, StringComparison.Ordinal);
        if (i < 0) return null;
        i += key.Length;
        while (i < json.Length && (json[i] == ' ' || json[i] == ':' || json[i] == '\t' || json[i] == '\n')) i++;
        var start = i;
        while (i < json.Length && char.IsAsciiDigit(json[i])) i++;
        return i > start && int.TryParse(json.AsSpan(start, i - start), out var n) ? n : null;
    }
}
