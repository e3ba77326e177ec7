using Zerobox;
using Zerobox.Cli;
using Zerobox.Linux;
using Zerobox.Policy;
using Zerobox.Runtime;

// The in-sandbox init mode never reaches managed code: Native/init.c handles it before the runtime starts.
try
{
    var options = ArgParser.Parse(args);
    if (options.Help) { StdErr.Write(1, HelpText.Usage); return 0; }
    if (options.Version) { StdErr.Write(1, $"zerobox {HelpText.Version}\n"); return 0; }
    // "--allow-read ." reads as a bare (everything) grant followed by the command ".": a directory is never
    // a command, so say what was probably meant instead of failing with "permission denied".
    if (options.BareFlagBeforeCommand is { } bare && Directory.Exists(options.Request.Command[0]))
        throw new ZeroboxException($"{bare} {options.Request.Command[0]}: a list is given with '=' ({bare}={options.Request.Command[0]}); " +
            $"a bare {bare} grants everything, and a directory is not a command");

    StartupTrace.Mark("parse arguments");
    var policy = PolicyBuilder.Build(options.Request, HostContext.Current());
    StartupTrace.Mark("resolve policy");
    if (options.Explain) { StdErr.Write(1, Explainer.Explain(policy, HelpText.Version)); return 0; }
    if (policy.Command.Count == 0)
        throw new ZeroboxException("no command given; usage: zerobox [FLAGS] -- COMMAND [ARGS...] (see zerobox --help)");
    if (policy.AllowAll) return Unsandboxed.Exec(policy);
    // Nothing is buffered (all output goes straight to the descriptors) and nothing is left to clean up, so
    // skip the runtime's shutdown: it costs a few tenths of a millisecond on every run.
    ProcessExit.Now(SandboxRunner.Run(policy));
    return 0;
}
catch (ZeroboxException e)
{
    StdErr.WriteLine("zerobox: " + e.Message);
    return e.ExitCode;
}
