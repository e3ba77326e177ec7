global using Xunit;

// zerobox is a Linux sandbox; its tests run only there.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
