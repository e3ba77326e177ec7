namespace Zerobox.Tests.Unit;

public class SmokeTests
{
    [Fact]
    public void Normalizes() => Assert.Equal("/a/c", Zerobox.Policy.PathUtil.Normalize("/a/b/../c/."));
}
