using Zerobox.Interop;
using Zerobox.Runtime;

namespace Zerobox.Linux;

/// <summary>
/// Creates the empty files or directories that read-only stand-ins are mounted on, and removes them after the run.
/// <para>Every run journals, in zerobox's state directory (never visible to a sandbox), the placeholders it made
/// and, with their device:inode identity, the ones other live runs made that it now depends on: deleting a
/// placeholder on the host detaches the stand-in mounted over it in every other sandbox, so a placeholder is
/// only removed by the last live run that lists it. If zerobox is killed (SIGKILL), the next run removes what
/// the dead run left, under the same rule. Journals are read and written under a lock.</para>
/// </summary>
public sealed class Placeholders : IDisposable
{
    private readonly string _stateDir;
    private readonly List<Entry> _entries = [];
    private string? _journal;

    private readonly record struct Entry(Placeholder Placeholder, string Identity);

    private Placeholders(string stateDir) => _stateDir = stateDir;

    public static Placeholders Create(IReadOnlyList<Placeholder> wanted, string stateDir)
    {
        var result = new Placeholders(stateDir);
        var dir = Journal.Directory(stateDir);
        if (wanted.Count == 0 && !System.IO.Directory.Exists(dir)) return result;
        using var _ = Journal.Lock(stateDir);
        try
        {
            // Placeholders of other live runs that still exist: this run may mount over them too.
            foreach (var (p, identity) in Journal.LiveEntries(dir, exceptPid: Environment.ProcessId))
                if (HostPaths.Identity(p.Path) == identity) result._entries.Add(new Entry(p, identity));
            if (wanted.Count == 0 && result._entries.Count == 0) return result;
            // Journal the intent first: a crash between here and the rewrite below leaves entries without an
            // identity, which are never acted on.
            result._journal = Journal.Write(stateDir, result._entries.Select(e => (e.Placeholder, (string?)e.Identity))
                .Concat(wanted.Select(w => (w, (string?)null))));
            foreach (var p in wanted)
            {
                if (HostPaths.Exists(p.Path)) continue;
                if (p.IsDirectory) System.IO.Directory.CreateDirectory(p.Path);
                else
                {
                    var fd = Libc.open(p.Path, Libc.O_WRONLY | Libc.O_CREAT | Libc.O_EXCL | Libc.O_NOFOLLOW | Libc.O_CLOEXEC, 0);
                    if (fd < 0)
                        throw new ZeroboxException($"cannot create placeholder {p.Path}: {Libc.StrError(Libc.Errno)}; check that its directory is writable");
                    Libc.close(fd);
                }
                result._entries.Add(new Entry(p, HostPaths.Identity(p.Path) ?? "-"));
            }
            result._journal = Journal.Write(stateDir, result._entries.Select(e => (e.Placeholder, (string?)e.Identity)));
            return result;
        }
        catch
        {
            result.ReleaseLocked();
            throw;
        }
    }

    /// <summary>Removes placeholders journaled by runs whose zerobox process no longer exists.</summary>
    public static void CleanUpAfterDeadRuns(string stateDir)
    {
        var dir = Journal.Directory(stateDir);
        if (!System.IO.Directory.Exists(dir)) return;
        var dead = System.IO.Directory.EnumerateFiles(dir, "*.list").Where(f => !Journal.OwnerAlive(f)).ToList();
        if (dead.Count == 0) return;
        using var _ = Journal.Lock(stateDir);
        var held = Journal.LiveEntries(dir, exceptPid: -1).ToHashSet();
        foreach (var file in dead)
        {
            foreach (var (p, identity) in Journal.Read(file))
                if (identity is not null && !held.Contains((p, identity)) && HostPaths.Identity(p.Path) == identity) RemoveIfEmpty(p);
            TryDelete(file);
        }
    }

    public void Dispose()
    {
        if (_journal is null && _entries.Count == 0) return;
        using var _ = Journal.Lock(_stateDir);
        ReleaseLocked();
    }

    private void ReleaseLocked()
    {
        var held = Journal.LiveEntries(Journal.Directory(_stateDir), exceptPid: Environment.ProcessId).ToHashSet();
        for (var i = _entries.Count - 1; i >= 0; i--)
        {
            var e = _entries[i];
            if (!held.Contains((e.Placeholder, e.Identity)) && HostPaths.Identity(e.Placeholder.Path) == e.Identity) RemoveIfEmpty(e.Placeholder);
        }
        _entries.Clear();
        if (_journal is not null) TryDelete(_journal);
        _journal = null;
    }

    private static void RemoveIfEmpty(Placeholder p)
    {
        try
        {
            var kind = HostPaths.KindOf(p.Path);
            if (p.IsDirectory && kind == HostPaths.FileKind.Directory && !System.IO.Directory.EnumerateFileSystemEntries(p.Path).Any())
                System.IO.Directory.Delete(p.Path);
            else if (!p.IsDirectory && kind == HostPaths.FileKind.File && new FileInfo(p.Path).Length == 0)
                File.Delete(p.Path);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private static void TryDelete(string file)
    {
        try { File.Delete(file); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>One file per run: "pid starttime", then "d|f DEV:INO|- /path" per placeholder.</summary>
    private static class Journal
    {
        public static string Directory(string stateDir) => Path.Combine(stateDir, "placeholders");

        public static IDisposable Lock(string stateDir)
        {
            var dir = Directory(stateDir);
            if (!HostPaths.IsDirectory(dir))
            {
                System.IO.Directory.CreateDirectory(dir);
                File.SetUnixFileMode(stateDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
            var fd = Libc.open(Path.Combine(dir, ".lock"), Libc.O_WRONLY | Libc.O_CREAT | Libc.O_CLOEXEC, 0x180);
            if (fd < 0) throw new ZeroboxException($"cannot open {dir}/.lock: {Libc.StrError(Libc.Errno)}; check that {stateDir} is yours and writable");
            while (Libc.flock(fd, Libc.LOCK_EX) != 0 && Libc.Errno == Libc.EINTR) { }
            return new FdLock(fd);
        }

        private sealed class FdLock(int fd) : IDisposable
        {
            public void Dispose() => Libc.close(fd);
        }

        public static string Write(string stateDir, IEnumerable<(Placeholder Placeholder, string? Identity)> entries)
        {
            var dir = Directory(stateDir);
            var pid = Environment.ProcessId;
            var path = Path.Combine(dir, $"{pid}.list");
            var lines = new List<string> { $"{pid} {StartTime(pid)}" };
            lines.AddRange(entries.Select(e => (e.Placeholder.IsDirectory ? "d " : "f ") + (e.Identity ?? "-") + " " + e.Placeholder.Path));
            // Raw write and rename: this is on the start path of every run with placeholders, and the managed
            // file stack's first use costs more than the write itself.
            var tmp = path + ".tmp";
            var bytes = System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n");
            var fd = Libc.open(tmp, Libc.O_WRONLY | Libc.O_CREAT | Libc.O_TRUNC | Libc.O_CLOEXEC, 0x180);
            if (fd < 0) throw new ZeroboxException($"cannot write {tmp}: {Libc.StrError(Libc.Errno)}; check that {dir} is yours and writable");
            try { StdErr.WriteAll(fd, bytes); }
            finally { Libc.close(fd); }
            if (Libc.rename(tmp, path) != 0)
                throw new ZeroboxException($"cannot write {path}: {Libc.StrError(Libc.Errno)}; check that {dir} is yours and writable");
            return path;
        }

        public static IEnumerable<(Placeholder Placeholder, string Identity)> LiveEntries(string dir, int exceptPid)
        {
            if (!System.IO.Directory.Exists(dir)) yield break;
            foreach (var file in System.IO.Directory.EnumerateFiles(dir, "*.list"))
            {
                if (Path.GetFileName(file) == $"{exceptPid}.list" || !OwnerAlive(file)) continue;
                foreach (var (p, identity) in Read(file))
                    if (identity is not null) yield return (p, identity);
            }
        }

        public static List<(Placeholder Placeholder, string? Identity)> Read(string file)
        {
            var result = new List<(Placeholder, string?)>();
            try
            {
                foreach (var line in File.ReadLines(file).Skip(1))
                {
                    var f = line.Split(' ', 3);
                    if (f.Length != 3 || f[0] is not ("d" or "f") || !f[2].StartsWith('/')) continue;
                    result.Add((new Placeholder(f[2], f[0] == "d"), f[1] == "-" ? null : f[1]));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            result.Reverse();
            return result;
        }

        /// <summary>The pid alone could have been recycled; its start time identifies the process.</summary>
        public static bool OwnerAlive(string file)
        {
            try
            {
                var head = File.ReadLines(file).First().Split(' ');
                return head.Length == 2 && head[1].Length > 0 && int.TryParse(head[0], out var pid) && StartTime(pid) == head[1];
            }
            catch (Exception) { return false; }
        }

        private static string StartTime(int pid)
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                return fields[19]; // field 22 of /proc/PID/stat: start time in clock ticks since boot
            }
            catch (Exception) { return ""; }
        }
    }
}
