using System.Text;
using Zerobox.Interop;

namespace Zerobox.Runtime;

/// <summary>Unbuffered writes to fd 1 and 2 without System.Console, whose initialisation costs start-up time.</summary>
public static unsafe class StdErr
{
    public static void WriteLine(string line) => Write(2, line + "\n");

    public static void Write(int fd, string text) => WriteAll(fd, Encoding.UTF8.GetBytes(text));

    /// <summary>Writes every byte to <paramref name="fd"/>, retrying on EINTR and short writes; stops quietly on
    /// any other error (a closed pipe is reported by whoever reads the other end).</summary>
    public static void WriteAll(int fd, byte[] bytes)
    {
        fixed (byte* p = bytes)
        {
            nint off = 0;
            while (off < bytes.Length)
            {
                var n = Libc.write(fd, p + off, bytes.Length - off);
                if (n < 0) { if (Libc.Errno == Libc.EINTR) continue; return; }
                off += n;
            }
        }
    }
}
