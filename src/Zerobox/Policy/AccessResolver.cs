namespace Zerobox.Policy;

/// <summary>
/// Answers "what may the sandbox do with this path?" from a rule set. Reading and writing are decided
/// separately: for each, the rule on the nearest path (the path itself or its closest ancestor) wins, and on a
/// tie deny wins. A write grant is also a read grant; a read deny is also a write deny.
/// </summary>
public sealed class AccessResolver
{
    private readonly IReadOnlyList<PathRule> _rules;

    public AccessResolver(IReadOnlyList<PathRule> rules) => _rules = rules;

    public IReadOnlyList<PathRule> Rules => _rules;

    public Access AccessOf(string path)
    {
        var canRead = Decide(path, isWrite: false);
        if (!canRead) return Access.Hidden;
        return Decide(path, isWrite: true) ? Access.ReadWrite : Access.ReadOnly;
    }

    private bool Decide(string path, bool isWrite)
    {
        var bestDepth = -1;
        var allowed = false;
        foreach (var rule in _rules)
        {
            if (!PathUtil.IsSameOrUnder(path, rule.Path)) continue;
            bool? verdict = (rule.Kind, isWrite) switch
            {
                (RuleKind.AllowRead, false) => true,
                (RuleKind.AllowWrite, _) => true,
                (RuleKind.DenyRead, _) => false,
                (RuleKind.DenyWrite, true) => false,
                _ => null,
            };
            if (verdict is null) continue;
            var depth = PathUtil.Depth(rule.Path);
            if (depth > bestDepth) { bestDepth = depth; allowed = verdict.Value; }
            else if (depth == bestDepth && verdict == false) allowed = false;
        }
        return allowed;
    }
}
