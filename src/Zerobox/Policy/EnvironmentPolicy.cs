namespace Zerobox.Policy;

/// <summary>Computes the sandbox's environment: the defaults, plus --allow-env, minus --deny-env, then --env.</summary>
public static class EnvironmentPolicy
{
    public static readonly string[] Defaults = ["PATH", "HOME", "USER", "SHELL", "TERM", "LANG"];

    /// <summary>A name or a prefix pattern ending in '*' (for example AWS_*).</summary>
    public static bool Matches(string pattern, string name) =>
        pattern.EndsWith('*') ? name.StartsWith(pattern[..^1], StringComparison.Ordinal) : pattern == name;

    public static bool IsValidName(string name)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0])) return false;
        foreach (var c in name)
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_')) return false;
        return true;
    }

    public static bool IsValidPattern(string p) =>
        p.EndsWith('*') ? p.Length == 1 || IsValidName(p[..^1]) : IsValidName(p);

    public static List<KeyValuePair<string, string>> Compute(PolicyRequest request, IReadOnlyDictionary<string, string> host)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in host)
        {
            var wanted = request.AllowEnvAll
                || Defaults.Contains(name)
                || request.AllowEnv.Any(p => Matches(p, name));
            if (!wanted || request.DenyEnv.Any(p => Matches(p, name))) continue;
            result[name] = value;
        }
        foreach (var (k, v) in request.SetEnv) result[k] = v;
        return [.. result];
    }
}
