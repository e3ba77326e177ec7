using Zerobox.Interop;
using Zerobox.Runtime;

namespace Zerobox.Linux;

/// <summary>
/// Creates the empty files or directories that read-only stand-ins are mounted on, and removes them after the run.
/// Only what this run created is removed, and only while it is still empty (nothing inside the sandbox can write
/// to it: it is covered by a read-only mount for the whole run).
/// <para>If zerobox itself is killed (SIGKILL) the sandbox dies with it but the placeholders would stay. So the
/// list is journaled first in zerobox's state directory (never visible to a sandbox), and the next run removes
/// what a dead run left behind.</para>
/// </summary>
public sealed class Placeholders : IDisposable
{
    private readonly List<Placeholder> _created = [];
    private string? _journal;

    public static Placeholders Create(IReadOnlyList<Placeholder> wanted, string stateDir)
    {
        var result = new Placeholders();
        if (wanted.Count == 0) return result;
        try
        {
            result._journal = Journal.Write(stateDir, wanted, withIdentity: false);
            foreach (var p in wanted)
            {
                if (p.IsDirectory)
                {
                    if (HostPaths.Exists(p.Path)) continue;
                    Directory.CreateDirectory(p.Path);
                }
                else
                {
                    var fd = Libc.open(p.Path, Libc.O_WRONLY | Libc.O_CREAT | Libc.O_EXCL | Libc.O_NOFOLLOW | Libc.O_CLOEXEC, 0);
                    if (fd < 0)
                        throw new ZeroboxException($"cannot create placeholder {p.Path}: {Libc.StrError(Libc.Errno)}; check that its directory is writable");
                    Libc.close(fd);
                }
                result._created.Add(p);
            }
            // Record what exactly was created, so that cleaning up after a dead run removes those files and
            // nothing a forged or stale journal might name.
            result._journal = Journal.Write(stateDir, result._created, withIdentity: true);
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    /// <summary>Removes placeholders journaled by runs whose zerobox process no longer exists.</summary>
    public static void CleanUpAfterDeadRuns(string stateDir)
    {
        var dir = Journal.Directory(stateDir);
        if (!System.IO.Directory.Exists(dir)) return;
        foreach (var file in System.IO.Directory.EnumerateFiles(dir, "*.list"))
        {
            if (Journal.OwnerAlive(file)) continue;
            foreach (var (p, identity) in Journal.Read(file))
                if (identity is not null && HostPaths.Identity(p.Path) == identity) RemoveIfEmpty(p);
            TryDelete(file);
        }
    }

    public void Dispose()
    {
        for (var i = _created.Count - 1; i >= 0; i--) RemoveIfEmpty(_created[i]);
        _created.Clear();
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

    /// <summary>One file per run: "pid starttime" on the first line, then "d path" or "f path" per placeholder.</summary>
    private static class Journal
    {
        public static string Directory(string stateDir) => Path.Combine(stateDir, "placeholders");

        public static string Write(string stateDir, IReadOnlyList<Placeholder> wanted, bool withIdentity)
        {
            var dir = Directory(stateDir);
            System.IO.Directory.CreateDirectory(dir);
            File.SetUnixFileMode(stateDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var pid = Environment.ProcessId;
            var path = Path.Combine(dir, $"{pid}.list");
            var lines = new List<string> { $"{pid} {StartTime(pid)}" };
            // "d DEV:INO /path": without an identity (journaled before creation) an entry is never acted on.
            lines.AddRange(wanted.Select(p => (p.IsDirectory ? "d " : "f ") + (withIdentity ? HostPaths.Identity(p.Path) ?? "-" : "-") + " " + p.Path));
            var tmp = path + ".tmp";
            File.WriteAllLines(tmp, lines);
            File.Move(tmp, path, overwrite: true);
            return path;
        }

        public static List<(Placeholder Placeholder, string? Identity)> Read(string file)
        {
            var result = new List<(Placeholder, string?)>();
            foreach (var line in File.ReadLines(file).Skip(1))
            {
                var f = line.Split(' ', 3);
                if (f.Length != 3 || f[0] is not ("d" or "f") || !f[2].StartsWith('/')) continue;
                result.Add((new Placeholder(f[2], f[0] == "d"), f[1] == "-" ? null : f[1]));
            }
            result.Reverse();
            return result;
        }

        /// <summary>The pid alone could have been recycled; its start time identifies the process.</summary>
        public static bool OwnerAlive(string file)
        {
            try
            {
                var head = File.ReadLines(file).First().Split(' ');
                return head.Length == 2 && int.TryParse(head[0], out var pid) && StartTime(pid) == head[1] && head[1].Length > 0;
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
