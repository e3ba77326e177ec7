namespace Zerobox.Linux;

/// <summary>
/// Compiles the seccomp filter on a second thread while the main thread resolves the policy and plans the
/// mounts: the filter depends only on --allow-unix-sockets, known right after argument parsing, and
/// compiling it (loading libseccomp included) is the largest single step zerobox takes before bubblewrap.
/// </summary>
public sealed class SeccompPrefetch
{
    private readonly Thread _thread;
    private readonly bool _allowUnixSockets;
    private int _fd = -1;
    private Exception? _error;

    private SeccompPrefetch(bool allowUnixSockets)
    {
        _allowUnixSockets = allowUnixSockets;
        _thread = new Thread(() =>
        {
            try { _fd = SeccompCompiler.CompileToPipe(SeccompRules.For(allowUnixSockets)); }
            catch (Exception e) { _error = e; }
        }) { IsBackground = true, Name = "seccomp" };
        _thread.Start();
    }

    public static SeccompPrefetch Start(bool allowUnixSockets) => new(allowUnixSockets);

    /// <summary>The read end of the pipe holding the compiled filter (close-on-exec).</summary>
    public int Take(bool allowUnixSockets)
    {
        _thread.Join();
        if (_error is not null) throw _error;
        if (allowUnixSockets != _allowUnixSockets)
            throw new InvalidOperationException("the prefetched seccomp filter was built for another policy");
        return _fd;
    }
}
