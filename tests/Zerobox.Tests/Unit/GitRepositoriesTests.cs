using Zerobox.Policy;

namespace Zerobox.Tests.Unit;

public sealed class GitRepositoriesTests : IDisposable
{
    private readonly TempTree _t = new();

    public void Dispose() => _t.Dispose();

    [Fact]
    public void FindsWorkingTreesAndBareRepositoriesTwoLevelsDownButNotDeeper()
    {
        _t.File("a/.git/HEAD", "ref: refs/heads/main");
        _t.Dir("empty/.git"); // an empty .git (a zerobox placeholder) is not a repository to git
        _t.File("b/c/.git", "gitdir: elsewhere");
        _t.File("bare/HEAD", "ref: refs/heads/m");
        _t.Dir("bare/objects");
        _t.Dir("bare/refs");
        _t.Dir("d/e/f/.git"); // three levels: beyond the scan
        _t.Dir("node_modules/x/.git"); // skipped directory
        var (repos, truncated) = GitRepositories.Scan(_t.Root);
        Assert.False(truncated);
        Assert.Equal([_t.P("a"), _t.P("b/c"), _t.P("bare")], repos.Order());
    }

    [Fact]
    public void ADirectoryWithOnlyHeadIsNotARepository()
    {
        _t.File("HEAD", "x");
        Assert.Empty(GitRepositories.Scan(_t.Root).Repositories);
    }

    [Fact]
    public void ReportsWhenTheListingBudgetRunsOut()
    {
        for (var i = 0; i < GitRepositories.MaxDirectories + 5; i++) _t.Dir($"d{i}/x");
        Assert.True(GitRepositories.Scan(_t.Root).Truncated);
    }

    [Fact]
    public void ReadsHooksPathFromTheRepositoryConfigRelativeToItsTop()
    {
        _t.File("repo/.git/config", "[core]\n\tbare = false\n\thooksPath = \"tools/hooks\"\n");
        var hooks = GitRepositories.HooksPaths(_t.P("repo"), _t.P("repo/.git"), [_t.P("home")]).ToList();
        Assert.Equal([_t.P("repo/tools/hooks")], hooks);
    }

    [Fact]
    public void ReadsHooksPathFromTheGlobalConfigWithTilde()
    {
        _t.File("home/.gitconfig", "[core]\n    HooksPath = ~/githooks\n");
        var hooks = GitRepositories.HooksPaths(_t.P("repo"), _t.P("repo/.git"), [_t.P("home")]).ToList();
        Assert.Equal([_t.P("home/githooks")], hooks);
    }

    [Fact]
    public void FollowsAWorktreesCommonDir()
    {
        _t.Dir("main/.git");
        _t.File("main/.git/worktrees/wt/commondir", "../..\n");
        Assert.Equal(_t.P("main/.git"), GitRepositories.CommonDir(_t.P("main/.git/worktrees/wt")));
        Assert.Null(GitRepositories.CommonDir(_t.P("main/.git")));
    }
}
