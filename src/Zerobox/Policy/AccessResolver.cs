namespace Zerobox.Policy;

/// <summary>
/// Answers "what may the sandbox do with this path?" from a rule set. Reading and writing are decided
/// separately: for each, the rule on the nearest path (the path itself or its closest ancestor) wins, and on a
/// tie deny wins. A write grant is also a read grant; a read deny is also a write deny.
/// Rules are indexed by path, so a decision costs one lookup per ancestor, not one comparison per rule.
/// </summary>
public sealed class AccessResolver
{
    private readonly IReadOnlyList<PathRule> _rules;
    private readonly Dictionary<string, (bool? Read, bool? Write)> _byPath = new(StringComparer.Ordinal);

    public AccessResolver(IReadOnlyList<PathRule> rules)
    {
        _rules = rules;
        foreach (var rule in rules)
        {
            _byPath.TryGetValue(rule.Path, out var v);
            // Combine rules on the same path: a deny (false) beats an allow (true).
            static bool? Merge(bool? current, bool? verdict) =>
                verdict is null ? current : current == false || verdict == false ? false : true;
            var (read, write) = rule.Kind switch
            {
                RuleKind.AllowRead => ((bool?)true, (bool?)null),
                RuleKind.AllowWrite => (true, true),
                RuleKind.DenyRead => (false, false),
                _ => (null, false),
            };
            _byPath[rule.Path] = (Merge(v.Read, read), Merge(v.Write, write));
        }
    }

    public IReadOnlyList<PathRule> Rules => _rules;

    public Access AccessOf(string path)
    {
        bool? read = null, write = null;
        for (var p = path; ; p = PathUtil.Parent(p))
        {
            if (_byPath.TryGetValue(p, out var v))
            {
                read ??= v.Read;
                write ??= v.Write;
                if (read is not null && write is not null) break;
            }
            if (p == "/") break;
        }
        if (read != true) return Access.Hidden;
        return write == true ? Access.ReadWrite : Access.ReadOnly;
    }
}
