using System.Net.Sockets;

namespace Zerobox.Tests.Support;

/// <summary>Unix sockets on the host side of a test, in <c>{workspace}/sock/</c>, open to every user.</summary>
public static class HostSockets
{
    /// <summary>A bound datagram socket: the target an escaping sandbox would send to.</summary>
    public static Socket Datagram(Workspace ws, string name, out string path)
    {
        Directory.CreateDirectory(Path.Combine(ws.Root, "sock"));
        path = Path.Combine(ws.Root, "sock", name);
        var receiver = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        receiver.Bind(new UnixDomainSocketEndPoint(path));
        File.SetUnixFileMode(path, (UnixFileMode)0x1FF);
        return receiver;
    }
}
