using System.Text;
using Zerobox.Interop;

namespace Zerobox.Policy;

/// <summary>Finds entries of a tree that "others" may not read (files without o+r, directories without o+r or
/// o+x), without descending into them or following symlinks. readdir plus one fstatat per entry, relative to the
/// open directory: this runs on every start as root (about 1 ms for Debian's /etc).</summary>
public static unsafe class RootOnlyEntries
{
    /// <summary>Bounds the walk; /etc on Debian has well under this.</summary>
    public const int MaxEntries = 20_000;

    private const uint OtherRead = 0x4, OtherExecute = 0x1;

    public static List<string> Under(IEnumerable<string> roots)
    {
        var found = new List<string>();
        var stack = new Stack<string>(roots);
        var seen = 0;
        var st = stackalloc byte[256];
        while (stack.Count > 0 && seen < MaxEntries)
        {
            var dir = stack.Pop();
            var handle = Libc.opendir(dir);
            if (handle == 0) continue;
            try
            {
                var fd = Libc.dirfd(handle);
                byte* ent;
                while ((ent = Libc.readdir(handle)) != null)
                {
                    var name = ent + 19;
                    if (name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0))) continue;
                    seen++;
                    if (ent[18] == Libc.DT_LNK) continue;
                    if (Libc.fstatat(fd, name, st, Libc.AT_SYMLINK_NOFOLLOW) != 0) continue;
                    var mode = *(uint*)(st + 24);
                    var fmt = mode & Libc.S_IFMT;
                    if (fmt == Libc.S_IFLNK) continue;
                    var full = dir + "/" + Encoding.UTF8.GetString(name, new ReadOnlySpan<byte>(name, 256).IndexOf((byte)0));
                    if (fmt == Libc.S_IFDIR)
                    {
                        if ((mode & (OtherRead | OtherExecute)) != (OtherRead | OtherExecute)) found.Add(full);
                        else stack.Push(full);
                    }
                    else if ((mode & OtherRead) == 0) found.Add(full);
                }
            }
            finally { Libc.closedir(handle); }
        }
        return found;
    }
}
