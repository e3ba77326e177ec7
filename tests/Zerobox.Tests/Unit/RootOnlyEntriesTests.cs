using Zerobox.Policy;

namespace Zerobox.Tests.Unit;

public sealed class RootOnlyEntriesTests : IDisposable
{
    private readonly TempTree _t = new();

    public void Dispose() => _t.Dispose();

    private static void Mode(string path, int octal) => File.SetUnixFileMode(path, (UnixFileMode)octal);

    [Fact]
    public void FindsWhatOthersCannotReadWithoutDescendingIntoIt()
    {
        Mode(_t.File("etc/public.conf"), 0x1A4);            // 0644
        Mode(_t.File("etc/default/secret.pw"), 0x180);      // 0600
        var privateDir = _t.Dir("etc/private");
        Mode(_t.File("etc/private/inside"), 0x1A4);
        Mode(privateDir, 0x1C0);                            // 0700
        var searchOnly = _t.Dir("etc/searchonly");
        Mode(searchOnly, 0x1C9);                            // 0711: others may traverse but not list
        _t.Link("etc/link", "/etc/shadow");                 // symlinks are not followed
        var found = RootOnlyEntries.Under([_t.P("etc")]);
        Assert.Equal([_t.P("etc/default/secret.pw"), _t.P("etc/private"), _t.P("etc/searchonly")], found.Order());
    }
}
