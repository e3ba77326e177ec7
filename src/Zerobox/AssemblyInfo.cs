// zerobox drives Linux kernel features (namespaces, seccomp, Landlock); it has no other platform.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
