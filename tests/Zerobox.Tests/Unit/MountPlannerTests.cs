using Zerobox.Linux;
using Zerobox.Policy;

namespace Zerobox.Tests.Unit;

public sealed class MountPlannerTests : IDisposable
{
    private readonly TempHost _h = new();

    public void Dispose() => _h.Dispose();

    private static readonly string Size = SandboxPolicy.ScratchBytes.ToString();

    private MountPlan Plan(PolicyRequest request) => MountPlanner.Plan(_h.Build(request));

    private string Cwd(string rel) => PathUtil.Combine(_h.Cwd, rel);

    /// <summary>Index of the first occurrence of <paramref name="seq"/> as consecutive arguments, or -1.</summary>
    private static int IndexOf(IReadOnlyList<string> args, params string[] seq)
    {
        for (var i = 0; i + seq.Length <= args.Count; i++)
            if (seq.Select((s, j) => args[i + j] == s).All(x => x)) return i;
        return -1;
    }

    private static void AssertHas(IReadOnlyList<string> args, params string[] seq) =>
        Assert.True(IndexOf(args, seq) >= 0, $"expected [{string.Join(' ', seq)}] in: {string.Join(' ', args)}");

    private static void AssertLacks(IReadOnlyList<string> args, params string[] seq) =>
        Assert.True(IndexOf(args, seq) < 0, $"did not expect [{string.Join(' ', seq)}] in: {string.Join(' ', args)}");

    [Fact]
    public void DefaultPolicy()
    {
        var plan = Plan(new PolicyRequest());
        var a = plan.BwrapArgs;

        AssertHas(a, "--perms", "1777", "--size", Size, "--tmpfs", "/tmp");
        AssertHas(a, "--perms", "0700", "--size", Size, "--tmpfs", _h.Home);
        AssertHas(a, "--ro-bind", "/usr", "/usr");
        AssertHas(a, "--dev", "/dev");
        AssertHas(a, "--proc", "/proc");
        AssertHas(a, "--size", "536870912", "--tmpfs", "/dev/shm"); // /dev/shm is capped like /tmp
        var etc = IndexOf(a, "--ro-bind", "/etc", "/etc");
        Assert.True(etc >= 0);
        if (File.Exists("/etc/shadow"))
            Assert.True(IndexOf(a, "--ro-bind", "/dev/null", "/etc/shadow") > etc, "stand-in over /etc/shadow must follow the /etc bind");
        Assert.Equal(["--remount-ro", "/"], a.TakeLast(2));
        Assert.DoesNotContain("--bind", a);
        AssertLacks(a, "--ro-bind", "/", "/");
        Assert.Empty(plan.Placeholders);
        Assert.Contains(new LandlockRule("/tmp", LandlockGrant.Write), plan.Landlock);
        Assert.Contains(new LandlockRule(_h.Home, LandlockGrant.Write), plan.Landlock);
        Assert.Contains(new LandlockRule("/usr", LandlockGrant.Read), plan.Landlock);
        Assert.DoesNotContain(plan.Landlock, l => l.Path == "/etc/shadow");
    }

    [Fact]
    public void UnreadableCwdGetsAnEmptyReadOnlyStandIn()
    {
        var plan = Plan(new PolicyRequest());
        var a = plan.BwrapArgs;
        var tmpfs = IndexOf(a, "--tmpfs", _h.Cwd);
        Assert.True(tmpfs >= 0, string.Join(' ', a));
        Assert.True(IndexOf(a, "--remount-ro", _h.Cwd) > tmpfs);
        Assert.Contains(plan.Entries, e => e.Path == _h.Cwd);
        Assert.Equal(_h.Cwd, plan.Cwd);
    }

    [Fact]
    public void ReadableCwdIsBoundNotStoodIn()
    {
        var plan = Plan(new PolicyRequest { AllowRead = ["."] });
        AssertHas(plan.BwrapArgs, "--ro-bind", _h.Cwd, _h.Cwd);
        AssertLacks(plan.BwrapArgs, "--tmpfs", _h.Cwd);
    }

    [Fact]
    public void WritableCwdIsBoundWithPlaceholdersForMissingProtectedNames()
    {
        _h.Tree.File("proj/src/main.c");
        var plan = Plan(new PolicyRequest { AllowWrite = [_h.Cwd] });
        var a = plan.BwrapArgs;

        var bind = IndexOf(a, "--bind", _h.Cwd, _h.Cwd);
        Assert.True(bind >= 0, string.Join(' ', a));
        Assert.Contains(new LandlockRule(_h.Cwd, LandlockGrant.Write), plan.Landlock);

        Assert.Contains(new Placeholder(Cwd(".envrc"), false), plan.Placeholders);
        Assert.Contains(new Placeholder(Cwd(".mcp.json"), false), plan.Placeholders);
        Assert.Contains(new Placeholder(Cwd(".gitmodules"), false), plan.Placeholders);
        Assert.Contains(new Placeholder(Cwd(".vscode"), true), plan.Placeholders);
        // .git/hooks and .git/config: the first missing component is .git itself, once.
        Assert.Contains(new Placeholder(Cwd(".git"), true), plan.Placeholders);
        Assert.Single(plan.Placeholders, p => p.Path == Cwd(".git"));
        Assert.DoesNotContain(plan.Placeholders, p => p.Path.StartsWith(Cwd(".git") + "/", StringComparison.Ordinal));

        Assert.True(IndexOf(a, "--ro-bind", Cwd(".envrc"), Cwd(".envrc")) > bind); // the empty placeholder itself, read-only
        Assert.True(IndexOf(a, "--tmpfs", Cwd(".vscode")) > bind);
        AssertHas(a, "--remount-ro", Cwd(".vscode"));
        AssertLacks(a, "--tmpfs", _h.Cwd);
    }

    [Fact]
    public void PlanningCreatesNothingOnDisk()
    {
        var before = Directory.GetFileSystemEntries(_h.Cwd);
        var plan = Plan(new PolicyRequest { AllowWrite = [_h.Cwd], DenyRead = ["later/secret"] });
        Assert.NotEmpty(plan.Placeholders);
        foreach (var p in plan.Placeholders)
            Assert.False(Path.Exists(p.Path), $"{p.Path} was created by the planner");
        Assert.Empty(before);
        Assert.Empty(Directory.GetFileSystemEntries(_h.Cwd));
    }

    [Fact]
    public void ExistingProtectedDirectoryInWritableCwdIsBoundReadOnly()
    {
        var hooks = _h.Tree.Dir("proj/.git/hooks");
        _h.Tree.Dir("proj/.git/objects");
        var plan = Plan(new PolicyRequest { AllowWrite = [_h.Cwd] });
        var a = plan.BwrapArgs;
        var bind = IndexOf(a, "--bind", _h.Cwd, _h.Cwd);
        Assert.True(IndexOf(a, "--ro-bind", Cwd(".git"), Cwd(".git")) > bind); // all of .git, as one mount point
        Assert.DoesNotContain(plan.Placeholders, p => p.Path == Cwd(".git") || p.Path.StartsWith(Cwd(".git") + "/"));
        AssertLacks(a, "--ro-bind", hooks, hooks); // covered by .git
        AssertLacks(a, "--bind", Cwd(".git/objects"), Cwd(".git/objects"));
    }

    [Fact]
    public void ExactWriteGrantOnHooksBindsThemWritable()
    {
        var hooks = _h.Tree.Dir("proj/.git/hooks");
        var plan = Plan(new PolicyRequest { AllowWrite = [_h.Cwd, hooks] });
        AssertHas(plan.BwrapArgs, "--ro-bind", Cwd(".git"), Cwd(".git"));
        Assert.True(IndexOf(plan.BwrapArgs, "--bind", hooks, hooks) > IndexOf(plan.BwrapArgs, "--ro-bind", Cwd(".git"), Cwd(".git")));
        // A write root inside .git gets no placeholders of its own (.git/hooks/.envrc would be noise).
        Assert.DoesNotContain(plan.Placeholders, p => p.Path.StartsWith(hooks + "/"));
    }

    [Fact]
    public void DeniedDirectoryInsideAllowedOneIsAnEmptyStandInRemountedAfterItsChildren()
    {
        var secret = _h.Tree.Dir("proj/secret");
        var pub = _h.Tree.Dir("proj/secret/pub");
        var plan = Plan(new PolicyRequest { AllowRead = [_h.Cwd, pub], DenyRead = [secret] });
        var a = plan.BwrapArgs;
        var cwdBind = IndexOf(a, "--ro-bind", _h.Cwd, _h.Cwd);
        var tmpfs = IndexOf(a, "--tmpfs", secret);
        var pubBind = IndexOf(a, "--ro-bind", pub, pub);
        var remount = IndexOf(a, "--remount-ro", secret);
        Assert.True(cwdBind >= 0 && tmpfs > cwdBind, string.Join(' ', a));
        Assert.True(pubBind > tmpfs, string.Join(' ', a));
        Assert.True(remount > pubBind, string.Join(' ', a));
        Assert.DoesNotContain(plan.Landlock, l => l.Path == secret);
    }

    [Fact]
    public void DeniedFileInsideAllowedDirectoryIsCoveredWithDevNull()
    {
        var key = _h.Tree.File("proj/key.pem");
        var plan = Plan(new PolicyRequest { AllowRead = [_h.Cwd], DenyRead = [key] });
        AssertHas(plan.BwrapArgs, "--ro-bind", "/dev/null", key);
        AssertLacks(plan.BwrapArgs, "--tmpfs", key);
    }

    [Fact]
    public void MissingDeniedPathUnderReadOnlyParentNeedsNothing()
    {
        var plan = Plan(new PolicyRequest { AllowRead = [_h.Cwd], DenyRead = ["later"] });
        Assert.DoesNotContain(Cwd("later"), plan.BwrapArgs);
        Assert.Empty(plan.Placeholders);
    }

    [Fact]
    public void MissingWriteDeniedPathUnderWritableParentGetsAPlaceholder()
    {
        var plan = Plan(new PolicyRequest { AllowWrite = [_h.Cwd], DenyWrite = ["later/config"] });
        Assert.Contains(new Placeholder(Cwd("later"), true), plan.Placeholders);
        AssertHas(plan.BwrapArgs, "--tmpfs", Cwd("later"));
        AssertHas(plan.BwrapArgs, "--remount-ro", Cwd("later"));
    }

    [Fact]
    public void MissingReadDeniedPathNeedsNoPlaceholder()
    {
        // Nothing exists to hide; what the sandbox would create there is its own.
        var plan = Plan(new PolicyRequest { AllowWrite = [_h.Cwd], DenyRead = ["later/secret"] });
        Assert.DoesNotContain(plan.Placeholders, p => p.Path.StartsWith(Cwd("later")));
        AssertLacks(plan.BwrapArgs, "--tmpfs", Cwd("later"));
    }

    [Fact]
    public void NestedStandInsAreRemountedDeepestFirstAfterEverythingInside()
    {
        var outer = _h.Tree.Dir("proj/a");
        var middle = _h.Tree.Dir("proj/a/b");
        var inner = _h.Tree.Dir("proj/a/b/c");
        var leaf = _h.Tree.Dir("proj/a/b/c/d");
        var plan = Plan(new PolicyRequest { AllowRead = [_h.Cwd, middle, leaf], DenyRead = [outer, inner] });
        var a = plan.BwrapArgs;
        var all = string.Join(' ', a);
        var outerTmpfs = IndexOf(a, "--tmpfs", outer);
        var middleBind = IndexOf(a, "--ro-bind", middle, middle);
        var innerTmpfs = IndexOf(a, "--tmpfs", inner);
        var leafBind = IndexOf(a, "--ro-bind", leaf, leaf);
        var innerRemount = IndexOf(a, "--remount-ro", inner);
        var outerRemount = IndexOf(a, "--remount-ro", outer);
        Assert.True(outerTmpfs >= 0 && middleBind > outerTmpfs && innerTmpfs > middleBind && leafBind > innerTmpfs, all);
        Assert.True(innerRemount > leafBind, all);
        Assert.True(outerRemount > innerRemount, all);
    }

    [Fact]
    public void HiddenPathInsideAStandInNeedsNoMountOfItsOwn()
    {
        var outer = _h.Tree.Dir("proj/a");
        var inner = _h.Tree.Dir("proj/a/b");
        var plan = Plan(new PolicyRequest { AllowRead = [_h.Cwd], DenyRead = [outer, inner] });
        Assert.DoesNotContain(inner, plan.BwrapArgs);
    }

    [Fact]
    public void ReadAllBindsTheRootAndSkipsTheFinalRemount()
    {
        var plan = Plan(new PolicyRequest { AllowReadAll = true });
        var a = plan.BwrapArgs;
        Assert.Equal(["--ro-bind", "/", "/"], a.Take(3));
        AssertLacks(a, "--remount-ro", "/");
        AssertLacks(a, "--ro-bind", "/usr", "/usr");
        if (File.Exists("/etc/shadow")) AssertHas(a, "--ro-bind", "/dev/null", "/etc/shadow");
        Assert.Contains(new LandlockRule("/", LandlockGrant.Read), plan.Landlock);
    }

    [Fact]
    public void WriteAllBindsTheRootWritable()
    {
        var plan = Plan(new PolicyRequest { AllowWriteAll = true });
        Assert.Equal(["--bind", "/", "/"], plan.BwrapArgs.Take(3));
        // /tmp is read-write on the host already: no private scratch.
        AssertLacks(plan.BwrapArgs, "--tmpfs", "/tmp");
    }
}
