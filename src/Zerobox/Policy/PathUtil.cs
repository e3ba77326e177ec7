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

    public static string Combine(string dir, string relative) => Normalize(dir == "/" ? "/" + relative : dir + "/" + relative);
}
