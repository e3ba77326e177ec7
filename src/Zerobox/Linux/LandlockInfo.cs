using Zerobox.Interop;
using LL = Zerobox.Interop.Landlock;

namespace Zerobox.Linux;

/// <summary>
/// What Landlock does for a run. The rules themselves are applied inside the sandbox by the init helper
/// (src/Zerobox.Cli/Native/init.c), after bubblewrap has built the mount tree: Landlock forbids mounting
/// afterwards. They only allow, so whatever no rule grants (any path outside the granted trees) is denied by the
/// kernel even if the mount plan were wrong.
/// </summary>
public static class LandlockInfo
{
    /// <summary>One letter per grant on the helper's command line: r(ead), w(rite), d(evice), p(roc).</summary>
    public static char Letter(LandlockGrant grant) => grant switch
    {
        LandlockGrant.Read => 'r',
        LandlockGrant.Write => 'w',
        LandlockGrant.Device => 'd',
        _ => 'p',
    };

    /// <summary>Human description for --explain.</summary>
    public static string Describe()
    {
        var abi = LL.AbiVersion();
        if (abi < 0)
            return $"absent (kernel says {Libc.StrError(-abi)}): only the mount plan and seccomp restrict paths";
        var scopes = abi >= 6 ? "; signals and abstract unix sockets scoped to the sandbox" : "";
        var rights = abi >= 5 ? "read, write, create, remove, rename across trees, truncate, device ioctl" : "file rights of this ABI";
        return $"ABI {abi}: {rights} limited to the granted trees{scopes}";
    }
}
