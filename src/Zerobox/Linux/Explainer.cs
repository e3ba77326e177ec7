using System.Text;
using Zerobox.Policy;

namespace Zerobox.Linux;

/// <summary>--explain: the effective policy, exactly as the run would apply it. Nothing is created or started.</summary>
public static class Explainer
{
    public static string Explain(SandboxPolicy policy, string version)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"zerobox {version}: effective policy (nothing was run)");
        sb.AppendLine();
        sb.AppendLine($"command:     {(policy.Command.Count == 0 ? "(none given)" : string.Join(' ', policy.Command.Select(Quote)))}");
        sb.AppendLine($"working dir: {policy.Cwd}");
        if (policy.AllowAll)
        {
            sb.AppendLine("sandbox:     NONE (--allow-all): the command runs with all of the caller's rights");
            AppendEnv(sb, policy);
            return sb.ToString();
        }
        sb.AppendLine($"identity:    uid {policy.Uid}, gid {policy.Gid} (the caller's), no capabilities, no_new_privs");
        sb.AppendLine();

        var plan = MountPlanner.Plan(policy);
        sb.AppendLine("file system (everything not listed is absent; mounts shallowest first):");
        var width = Math.Max(24, plan.Entries.Max(e => e.Path.Length) + 2);
        foreach (var e in plan.Entries) sb.AppendLine($"  {e.Path.PadRight(width)}{e.View}");
        if (plan.Placeholders.Count > 0)
        {
            sb.AppendLine("placeholders (empty, created on the host for the run and removed after it):");
            foreach (var p in plan.Placeholders) sb.AppendLine($"  {p.Path}{(p.IsDirectory ? "/" : "")}");
        }
        sb.AppendLine();
        sb.AppendLine("rules (the most specific path wins; on a tie deny wins; protected paths yield only to their exact name):");
        // Protected paths in trees this sandbox cannot see change nothing; count them instead of listing them.
        var unseen = 0;
        foreach (var r in policy.Rules.OrderBy(r => r.Path, StringComparer.Ordinal).ThenBy(r => r.Kind))
        {
            if (r.Origin is RuleOrigin.Protected && policy.AccessOf(PathUtil.Parent(r.Path)) == Access.Hidden) { unseen++; continue; }
            sb.AppendLine($"  {KindName(r.Kind),-12}{r.Path}  [{r.Origin.ToString().ToLowerInvariant()}]");
        }
        if (unseen > 0) sb.AppendLine($"  (and {unseen} protected paths in trees this sandbox cannot see)");
        sb.AppendLine();
        AppendEnv(sb, policy);
        sb.AppendLine();
        sb.AppendLine($"namespaces:  {string.Join(' ', BwrapCommand.Namespaces)} (network: none, loopback only); nested user namespaces disabled");
        sb.AppendLine($"landlock:    {LandlockInfo.Describe()}");
        sb.AppendLine($"seccomp:     libseccomp filter, {SeccompRules.ArchitecturePolicy}; these calls fail:");
        foreach (var r in SeccompRules.For(policy.AllowUnixSockets)) sb.AppendLine($"  {r.Describe()}");
        sb.AppendLine();
        sb.AppendLine("bubblewrap (environment values omitted):");
        sb.AppendLine("  " + string.Join(' ', RedactValues(BwrapCommand.Build("bwrap", policy, plan)).Select(Quote)));
        return sb.ToString();
    }

    /// <summary>Environment values may be secrets: show "--setenv NAME ..." only.</summary>
    private static IEnumerable<string> RedactValues(List<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            yield return args[i];
            if (args[i] == "--setenv" && i + 2 < args.Count) { yield return args[++i]; i++; yield return "..."; }
        }
    }

    private static void AppendEnv(StringBuilder sb, SandboxPolicy policy) =>
        sb.AppendLine($"environment: {string.Join(' ', policy.Environment.Select(kv => kv.Key))} (values not shown)");

    private static string KindName(RuleKind k) => k switch
    {
        RuleKind.AllowRead => "allow-read",
        RuleKind.DenyRead => "deny-read",
        RuleKind.AllowWrite => "allow-write",
        _ => "deny-write",
    };

    private static string Quote(string s) =>
        s.Length > 0 && s.All(c => char.IsAsciiLetterOrDigit(c) || "/._-=:,+@%".Contains(c)) ? s : "'" + s.Replace("'", "'\\''") + "'";
}
