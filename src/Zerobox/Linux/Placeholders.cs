using Zerobox.Interop;

namespace Zerobox.Linux;

/// <summary>
/// Creates the empty files or directories that read-only stand-ins are mounted on, and removes them after the run.
/// Only what this run created is removed, and only while it is still empty (nothing inside the sandbox can write
/// to it: it is covered by a read-only mount for the whole run).
/// </summary>
public sealed class Placeholders : IDisposable
{
    private readonly List<Placeholder> _created = [];

    public static Placeholders Create(IReadOnlyList<Placeholder> wanted)
    {
        var result = new Placeholders();
        try
        {
            foreach (var p in wanted)
            {
                if (p.IsDirectory)
                {
                    if (Directory.Exists(p.Path)) continue;
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
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        for (var i = _created.Count - 1; i >= 0; i--)
        {
            var p = _created[i];
            try
            {
                if (p.IsDirectory) { if (!Directory.EnumerateFileSystemEntries(p.Path).Any()) Directory.Delete(p.Path); }
                else if (new FileInfo(p.Path) is { Exists: true, Length: 0, LinkTarget: null }) File.Delete(p.Path);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        _created.Clear();
    }
}
