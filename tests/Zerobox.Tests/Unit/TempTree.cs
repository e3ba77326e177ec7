using Zerobox.Policy;
using Zerobox.Runtime;

namespace Zerobox.Tests.Unit;

/// <summary>A fresh, real (symlink-free) temporary directory with helpers to lay out files, directories and links.
/// Removed on dispose.</summary>
internal sealed class TempTree : IDisposable
{
    public string Root { get; }

    public TempTree()
    {
        var dir = Directory.CreateTempSubdirectory("zerobox-unit-").FullName;
        Root = HostPaths.RealPath(dir, "test") ?? throw new InvalidOperationException($"temp dir {dir} vanished");
    }

    public string P(string relative) => PathUtil.Combine(Root, relative);

    public string Dir(string relative)
    {
        var p = P(relative);
        Directory.CreateDirectory(p);
        return p;
    }

    public string File(string relative, string content = "x")
    {
        var p = P(relative);
        Directory.CreateDirectory(PathUtil.Parent(p));
        System.IO.File.WriteAllText(p, content);
        return p;
    }

    /// <summary>Creates a symlink at <paramref name="relative"/> pointing to <paramref name="target"/> (used verbatim).</summary>
    public string Link(string relative, string target)
    {
        var p = P(relative);
        Directory.CreateDirectory(PathUtil.Parent(p));
        System.IO.File.CreateSymbolicLink(p, target);
        return p;
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

/// <summary>A temporary HOME and project directory, and a <see cref="HostContext"/> that points at them.</summary>
internal sealed class TempHost : IDisposable
{
    public TempTree Tree { get; } = new();
    public string Home { get; }
    public string Cwd { get; }

    public static readonly IReadOnlyDictionary<string, string> DefaultEnv = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["PATH"] = "/usr/bin:/bin",
        ["USER"] = "tester",
        ["SHELL"] = "/bin/sh",
        ["TERM"] = "xterm",
        ["LANG"] = "C.UTF-8",
        ["AWS_SECRET_ACCESS_KEY"] = "secret",
        ["FOO_ONE"] = "1",
        ["FOO_TWO"] = "2",
        ["FOOBAR"] = "3",
        ["EDITOR"] = "vi",
    };

    public TempHost()
    {
        Home = Tree.Dir("home");
        Cwd = Tree.Dir("proj");
    }

    public HostContext Context(IReadOnlyDictionary<string, string>? env = null)
    {
        var e = new Dictionary<string, string>(env ?? DefaultEnv, StringComparer.Ordinal) { ["HOME"] = Home };
        return new HostContext(e, Cwd, Home, 1000, 1000);
    }

    public SandboxPolicy Build(PolicyRequest request) => PolicyBuilder.Build(request, Context());

    public void Dispose() => Tree.Dispose();
}
