namespace Zerobox.Policy;

/// <summary>Lexical helpers for absolute Unix paths (no file system access).</summary>
public static class PathUtil
{
    /// <summary>Collapses "//", "." and ".." without touching the disk; the result never ends with '/' except "/".</summary>
    public static string Normalize(string absolute)
    {
        if (absolute.Length == 0 || absolute[0] != '/')
            throw new ArgumentException($"not an absolute path: {absolute}", nameof(absolute));
        var parts = new List<string>();
        foreach (var part in absolute.Split('/'))
        {
            if (part.Length == 0 || part == ".") continue;
            if (part == "..") { if (parts.Count > 0) parts.RemoveAt(parts.Count - 1); continue; }
            parts.Add(part);
        }
        return "/" + string.Join('/', parts);
    }

    /// <summary>True when <paramref name="ancestor"/> is <paramref name="path"/> or one of its parents.</summary>
    public static bool IsSameOrUnder(string path, string ancestor) =>
        ancestor == "/" || path == ancestor ||
        (path.Length > ancestor.Length && path.StartsWith(ancestor, StringComparison.Ordinal) && path[ancestor.Length] == '/');

    public static int Depth(string path) => path == "/" ? 0 : path.Count(c => c == '/');

    public static string Parent(string path)
    {
        if (path == "/") return "/";
        var i = path.LastIndexOf('/');
        return i <= 0 ? "/" : path[..i];
    }

    /// <summary><paramref name="dir"/> (already normalized) joined with a relative path. The common case (no
    /// "", "." or ".." segment) is a plain concatenation: this runs hundreds of times on every start.</summary>
    public static string Combine(string dir, string relative)
    {
        if (relative.Length == 0) return dir;
        if (IsPlain(relative)) return dir == "/" ? "/" + relative : dir + "/" + relative;
        return Normalize(dir == "/" ? "/" + relative : dir + "/" + relative);
    }

    private static bool IsPlain(string relative)
    {
        var start = 0;
        while (start <= relative.Length)
        {
            var end = relative.IndexOf('/', start);
            if (end < 0) end = relative.Length;
            var len = end - start;
            if (len == 0 || (len == 1 && relative[start] == '.') || (len == 2 && relative[start] == '.' && relative[start + 1] == '.'))
                return false;
            start = end + 1;
        }
        return true;
    }
}
