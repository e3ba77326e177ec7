using Zerobox.Interop;
using Zerobox.Policy;

namespace Zerobox.Runtime;

/// <summary>Turns what the user typed into absolute, symlink-free host paths.</summary>
public static class HostPaths
{
    /// <summary>Expands <c>~</c>, <c>~/x</c> and relative paths against the caller (lexically).</summary>
    public static string Expand(string raw, HostContext host, string flag)
    {
        if (raw.Length == 0)
            throw new ZeroboxException($"{flag}: empty path; give a path such as {flag}=./data");
        if (raw.Contains('\0'))
            throw new ZeroboxException($"{flag}: path contains a NUL byte; fix the path");
        string abs;
        if (raw == "~") abs = host.Home;
        else if (raw.StartsWith("~/", StringComparison.Ordinal)) abs = host.Home + raw[1..];
        else if (raw[0] == '~')
            throw new ZeroboxException($"{flag}={raw}: '~user' is not supported; write the absolute path instead");
        else if (raw[0] == '/') abs = raw;
        else abs = host.Cwd + "/" + raw;
        return PathUtil.Normalize(abs);
    }

    /// <summary>The real path (all symlinks resolved) of an existing path, or null when it does not exist.
    /// Throws when it exists but cannot be examined (permission denied on a parent).</summary>
    public static unsafe string? RealPath(string abs, string flag)
    {
        var p = Libc.realpath(abs, null);
        if (p == 0)
        {
            var errno = Libc.Errno;
            if (errno is Libc.ENOENT or Libc.ENOTDIR) return null;
            if (errno == Libc.ELOOP)
                throw new ZeroboxException($"{flag}: {abs} is a symlink loop; fix the link or name its target");
            throw new ZeroboxException($"{flag}: cannot resolve {abs}: {Libc.StrError(errno)}; check the path and its permissions");
        }
        try { return System.Runtime.InteropServices.Marshal.PtrToStringUTF8(p)!; }
        finally { Libc.free(p); }
    }

    /// <summary>For paths that may not exist yet (deny rules): the real path of the longest existing prefix,
    /// plus the rest. A symlink planted at the path therefore protects its target, never a stand-in.</summary>
    public static string ResolveMaybeMissing(string abs, string flag) => ResolveMaybeMissing(abs, flag, depth: 0);

    private static string ResolveMaybeMissing(string abs, string flag, int depth)
    {
        var real = RealPath(abs, flag);
        if (real is not null) return real;
        if (depth > 40) throw new ZeroboxException($"{flag}: {abs} is a symlink loop; fix the link or name its target");
        var parent = PathUtil.Parent(abs);
        if (parent == abs) return abs;
        var name = abs[(parent.Length == 1 ? 1 : parent.Length + 1)..];
        var realParent = ResolveMaybeMissing(parent, flag, depth + 1);
        var here = PathUtil.Combine(realParent, name);
        // A dangling symlink: protect what it would create, not the link's own name.
        if (KindOf(here) == FileKind.Symlink && new FileInfo(here).LinkTarget is { } target)
            return ResolveMaybeMissing(target.StartsWith('/') ? PathUtil.Normalize(target) : PathUtil.Combine(realParent, target), flag, depth + 1);
        return here;
    }

    /// <summary>Like <see cref="ResolveMaybeMissing"/> for a relative path under a base that is already real:
    /// one lstat per component instead of a full realpath (this runs for every protected path on every start).</summary>
    public static string ResolveUnder(string realBase, string relative)
    {
        var p = realBase;
        var parts = relative.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            var next = PathUtil.Combine(p, parts[i]);
            switch (KindOf(next))
            {
                case FileKind.Missing: return PathUtil.Combine(next, string.Join('/', parts.Skip(i + 1)));
                case FileKind.Symlink: return ResolveMaybeMissing(PathUtil.Combine(next, string.Join('/', parts.Skip(i + 1))), "protected path");
                default: p = next; break;
            }
        }
        return p;
    }

    public enum FileKind { Missing, Directory, File, Symlink, Other }

    /// <summary>The path's own type (not following a final symlink), in one syscall.</summary>
    public static unsafe FileKind KindOf(string abs)
    {
        var buf = stackalloc byte[256];
        if (Libc.lstat(abs, buf) != 0) return FileKind.Missing;
        var mode = *(uint*)(buf + 24) & Libc.S_IFMT;
        return mode switch
        {
            Libc.S_IFDIR => FileKind.Directory,
            Libc.S_IFREG => FileKind.File,
            Libc.S_IFLNK => FileKind.Symlink,
            _ => FileKind.Other,
        };
    }

    /// <summary>"device:inode" of the path itself, or null when it does not exist.</summary>
    public static unsafe string? Identity(string abs)
    {
        var buf = stackalloc byte[256];
        if (Libc.lstat(abs, buf) != 0) return null;
        return $"{*(ulong*)buf}:{*(ulong*)(buf + 8)}";
    }

    public static bool IsSymlink(string abs) => KindOf(abs) == FileKind.Symlink;

    public static bool Exists(string abs) => KindOf(abs) != FileKind.Missing;

    public static bool IsDirectory(string abs) => KindOf(abs) == FileKind.Directory;

    /// <summary>Walks an existing path component by component and returns the real location reached right
    /// after each symlink on the way (so a caller can tell which trees a symlink leads into).</summary>
    public static List<string> SymlinkHops(string abs)
    {
        var hops = new List<string>();
        var prefix = "/";
        foreach (var part in abs.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var next = PathUtil.Combine(prefix, part);
            if (KindOf(next) == FileKind.Symlink)
            {
                next = RealPath(next, "path") ?? next;
                hops.Add(next);
            }
            prefix = next;
        }
        return hops;
    }
}
