using Zerobox.Policy;

namespace Zerobox.Cli;

/// <summary>
/// Deno-style flags: a list is given with '=' (<c>--allow-read=a,b</c>), a bare flag means "everything", flags are
/// repeatable, and parsing stops at "--" or at the first word that is not a flag (the command). Hand-written
/// rather than System.CommandLine: this runs on every sandboxed start, where that library's parse alone costs
/// about 1 ms of a ~5 ms budget, and its model does not express "optional value only after '='".
/// </summary>
public static class ArgParser
{
    public static CliOptions Parse(IReadOnlyList<string> args)
    {
        var allowRead = new List<string>(); var denyRead = new List<string>();
        var allowWrite = new List<string>(); var denyWrite = new List<string>();
        var allowEnv = new List<string>(); var denyEnv = new List<string>();
        var setEnv = new List<KeyValuePair<string, string>>();
        bool readAll = false, writeAll = false, envAll = false, allowAll = false, unixSockets = false;
        bool explain = false, help = false, version = false;
        string? cwd = null;
        var i = 0;
        string? lastBare = null;
        var sawSeparator = false;
        for (; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--") { i++; sawSeparator = true; break; }
            if (arg.Length < 2 || arg[0] != '-') break;
            lastBare = arg is "--allow-read" or "--allow-write" or "--allow-env" ? arg : null;

            if (arg[1] != '-')
            {
                switch (arg)
                {
                    case "-A": allowAll = true; continue;
                    case "-h": help = true; continue;
                    case "-V": version = true; continue;
                    case "-C":
                        if (i + 1 >= args.Count) throw Usage("-C needs a directory: -C DIR");
                        SetOnce(ref cwd, args[++i], "-C/--cwd");
                        continue;
                }
                if (arg.StartsWith("-C", StringComparison.Ordinal)) { SetOnce(ref cwd, arg[2..], "-C/--cwd"); continue; }
                throw Usage($"unknown flag {arg}; run 'zerobox --help' for the list of flags");
            }

            var eq = arg.IndexOf('=');
            var name = eq < 0 ? arg : arg[..eq];
            var value = eq < 0 ? null : arg[(eq + 1)..];
            switch (name)
            {
                case "--allow-read": if (value is null) readAll = true; else allowRead.AddRange(List(name, value)); break;
                case "--deny-read": denyRead.AddRange(List(name, Required(name, value, "PATH[,PATH]"))); break;
                case "--allow-write": if (value is null) writeAll = true; else allowWrite.AddRange(List(name, value)); break;
                case "--deny-write": denyWrite.AddRange(List(name, Required(name, value, "PATH[,PATH]"))); break;
                case "--allow-env": if (value is null) envAll = true; else allowEnv.AddRange(List(name, value)); break;
                case "--deny-env": denyEnv.AddRange(List(name, Required(name, value, "NAME[,NAME]"))); break;
                case "--env":
                    if (value is null)
                    {
                        if (i + 1 >= args.Count) throw Usage("--env needs NAME=VALUE: --env NAME=VALUE");
                        value = args[++i];
                    }
                    var sep = value.IndexOf('=');
                    if (sep <= 0) throw Usage($"--env {value}: expected NAME=VALUE (for an empty value write NAME=)");
                    setEnv.Add(new(value[..sep], value[(sep + 1)..]));
                    break;
                case "--cwd":
                    if (value is null)
                    {
                        if (i + 1 >= args.Count) throw Usage("--cwd needs a directory: --cwd DIR");
                        value = args[++i];
                    }
                    SetOnce(ref cwd, value, "-C/--cwd");
                    break;
                case "--allow-all": NoValue(name, value); allowAll = true; break;
                case "--allow-unix-sockets": NoValue(name, value); unixSockets = true; break;
                case "--explain": NoValue(name, value); explain = true; break;
                case "--help": NoValue(name, value); help = true; break;
                case "--version": NoValue(name, value); version = true; break;
                default: throw Usage($"unknown flag {name}; run 'zerobox --help' for the list of flags");
            }
        }
        var command = args.Skip(i).ToList();
        if (cwd is { Length: 0 }) throw Usage("-C/--cwd: empty directory; pass a directory such as -C ./work");

        var request = new PolicyRequest
        {
            AllowRead = allowRead, DenyRead = denyRead, AllowWrite = allowWrite, DenyWrite = denyWrite,
            AllowReadAll = readAll, AllowWriteAll = writeAll,
            AllowEnvAll = envAll, AllowEnv = allowEnv, DenyEnv = denyEnv, SetEnv = setEnv,
            Cwd = cwd, AllowAll = allowAll, AllowUnixSockets = unixSockets, Command = command,
        };
        return new CliOptions(request, explain, help, version, sawSeparator || command.Count == 0 ? null : lastBare);
    }

    private static ZeroboxException Usage(string message) => new(message);

    private static string Required(string flag, string? value, string shape) =>
        value ?? throw Usage($"{flag} needs a value: {flag}={shape}");

    private static void NoValue(string flag, string? value)
    {
        if (value is not null) throw Usage($"{flag} takes no value (got '{flag}={value}'); write just {flag}");
    }

    private static void SetOnce(ref string? slot, string value, string flag)
    {
        if (slot is not null) throw Usage($"{flag} given twice; give one working directory");
        slot = value;
    }

    private static IEnumerable<string> List(string flag, string value)
    {
        if (value.Length == 0) throw Usage($"{flag}= is empty; give a list ({flag}=a,b) or write the bare flag {flag}");
        var items = value.Split(',');
        if (items.Any(s => s.Length == 0)) throw Usage($"{flag}={value} has an empty entry; remove the extra comma");
        return items;
    }
}
