using System.Runtime.InteropServices;

namespace Zerobox.Interop;

/// <summary>libseccomp 2.5 (libseccomp.so.2): compiles the filter so that architecture corner cases
/// (x32 syscall numbers, compat ABIs) are handled by a maintained library instead of hand-written BPF.</summary>
internal static unsafe partial class Libseccomp
{
    private const string Lib = "libseccomp.so.2";

    public const uint SCMP_ACT_ALLOW = 0x7fff0000U;
    public static uint ActErrno(int errno) => 0x00050000U | ((uint)errno & 0xffffU);

    public const int SCMP_FLTATR_ACT_BADARCH = 2;
    public const int SCMP_FLTATR_CTL_NNP = 3;
    public const int SCMP_FLTATR_CTL_OPTIMIZE = 8;

    public enum Compare { Ne = 1, Lt = 2, Le = 3, Eq = 4, Ge = 5, Gt = 6, MaskedEq = 7 }

    [StructLayout(LayoutKind.Sequential)]
    public struct ArgCmp
    {
        public uint Arg;
        public Compare Op;
        public ulong DatumA;
        public ulong DatumB;
    }

    [LibraryImport(Lib)]
    public static partial nint seccomp_init(uint defaultAction);

    [LibraryImport(Lib)]
    public static partial void seccomp_release(nint ctx);

    [LibraryImport(Lib)]
    public static partial int seccomp_attr_set(nint ctx, int attr, uint value);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int seccomp_syscall_resolve_name(string name);

    [LibraryImport(Lib)]
    public static partial int seccomp_rule_add_array(nint ctx, uint action, int syscall, uint argCount, ArgCmp* args);

    [LibraryImport(Lib)]
    public static partial int seccomp_export_bpf(nint ctx, int fd);
}
