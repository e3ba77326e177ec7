namespace Zerobox.Cli;

public static class HelpText
{
    public const string Version = "0.1.0";

    public const string Usage = """
usage: zerobox [FLAGS] [--] COMMAND [ARGS...]

Runs COMMAND with zero permissions by default: it reads only the system runtime (/usr, /bin, /lib*, /opt,
/etc minus secrets), writes only a private, empty /tmp and HOME that vanish at exit, has no network and
sees only PATH HOME USER SHELL TERM LANG. Grant exactly what it needs:

  --allow-read[=P,...]    make paths readable; bare: everything (credential stores stay hidden)
  --deny-read=P,...       hide paths
  --allow-write[=P,...]   make paths readable and writable; bare: everything
  --deny-write=P,...      keep paths read-only (a missing path cannot be created)
  --allow-env[=N,...]     pass host variables (adds to the defaults; N may end in '*'); bare: all
  --deny-env=N,...        remove variables (also defaults)
  --env NAME=VALUE        set a variable (repeatable; applied last)
  -C, --cwd DIR           working directory inside the sandbox (default: the current one)
  --allow-unix-sockets    allow socket(AF_UNIX) (host daemons such as docker.sock sit behind them)
  -A, --allow-all         no sandbox at all (the environment is still filtered)
  --explain               print the effective policy and run nothing
  -V, --version           print the version
  -h, --help              print this help

The most specific path wins; on a tie deny wins. Paths may be relative or start with ~.
Exit status: the command's; 128+N if it was killed by signal N; 125 zerobox failed (bad flag, missing path,
bubblewrap missing); 126 command not executable; 127 command not found.

examples:
  zerobox -- python3 -c 'print(1)'
  zerobox --allow-read=. --allow-write=./out -- make
  zerobox --allow-read=~ --deny-read=~/private -- ls ~

""";
}
