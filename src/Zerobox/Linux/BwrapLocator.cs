namespace Zerobox.Linux;

public static class BwrapLocator
{
    /// <summary>Fixed locations first: a PATH entry the caller controls should not pick the sandbox builder.</summary>
    public static string Find(IReadOnlyList<KeyValuePair<string, string>>? env = null)
    {
        foreach (var p in new[] { "/usr/bin/bwrap", "/usr/local/bin/bwrap", "/bin/bwrap" })
            if (File.Exists(p)) return p;
        throw new ZeroboxException("bubblewrap (bwrap) is not installed; install it with: sudo apt-get install bubblewrap");
    }
}
