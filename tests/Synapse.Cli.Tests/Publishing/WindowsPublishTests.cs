using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Synapse.Testing;

namespace Synapse.Cli.Tests.Publishing;

/// <summary>
/// The win-x64 release, published here on Linux as release.sh publishes it (runtime packs and
/// LLamaSharp's natives come from NuGet): synapse.exe, LLamaSharp.dll and llama.cpp's DLLs for every CPU variant,
/// the .NET runtime inside; and the balancer's own publish for the same target without llama.cpp. The build lives in
/// a temporary folder of its own (never the checkout's bin/obj, which other tests are running from) and is kept there,
/// so a second run only publishes what changed.
/// </summary>
public sealed class WindowsPublishTests
{
    private static readonly string Root = Fixtures.RepositoryRoot;

    // LLamaSharp.Backend.Cpu picks one of these at run time from what the CPU supports.
    private static readonly string[] CpuVariants = ["noavx", "avx", "avx2", "avx512"];

    private static readonly string[] LlamaLibraries = ["llama.dll", "ggml.dll", "ggml-base.dll", "ggml-cpu.dll"];

    [Fact]
    public async Task The_win_x64_release_holds_synapse_exe_llamasharp_and_llama_cpp_for_every_cpu_variant_and_the_balancer_none()
    {
        var cache = Path.Combine(Path.GetTempPath(), "synapse-tests", "publish-win-x64-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Root)))[..12]);
        var build = Path.Combine(cache, "build");
        var synapse = Path.Combine(cache, "synapse-win-x64-self-contained");
        var balancer = Path.Combine(cache, "synapse-balancer-win-x64-self-contained");

        await PublishAsync(["publish", Path.Combine(Root, "src", "Synapse.Cli"), "-p:PublishProfile=win-x64-self-contained", "-r", "win-x64", "--self-contained", "true", "-o", synapse, "--artifacts-path", build]);
        AssertWindowsX64Program(Path.Combine(synapse, "synapse.exe"));
        Assert.True(File.Exists(Path.Combine(synapse, "synapse.dll")));
        Assert.True(File.Exists(Path.Combine(synapse, "LLamaSharp.dll")));
        foreach (var variant in CpuVariants)
        {
            foreach (var library in LlamaLibraries)
            {
                var path = Path.Combine(synapse, "runtimes", "win-x64", "native", variant, library);
                Assert.True(File.Exists(path), $"{path} is missing");
                AssertWindowsX64Program(path);
            }
        }

        // Self-contained: the runtime and ASP.NET Core are inside, no Linux natives came along.
        foreach (var file in new[] { "coreclr.dll", "hostfxr.dll", "System.Private.CoreLib.dll", "Microsoft.AspNetCore.dll", "Yarp.ReverseProxy.dll" })
        {
            Assert.True(File.Exists(Path.Combine(synapse, file)), $"{file} is missing");
        }

        // Known waste, not a fault: inside the publish the node project is also built without the target, so
        // runtimes/<other rid>/ folders of LLamaSharp's natives come along; the program runs from the top folder only.
        Assert.Empty(Directory.EnumerateFiles(synapse, "*.so", SearchOption.TopDirectoryOnly));
        using (var deps = JsonDocument.Parse(File.ReadAllText(Path.Combine(synapse, "synapse.deps.json"))))
        {
            Assert.Equal(".NETCoreApp,Version=v10.0/win-x64", deps.RootElement.GetProperty("runtimeTarget").GetProperty("name").GetString());
        }

        await PublishAsync(["publish", Path.Combine(Root, "src", "Synapse.LoadBalancer"), "-c", "Release", "-r", "win-x64", "--self-contained", "true",
            "-o", balancer, "--artifacts-path", build]);
        AssertWindowsX64Program(Path.Combine(balancer, "Synapse.LoadBalancer.exe"));
        Assert.True(File.Exists(Path.Combine(balancer, "Yarp.ReverseProxy.dll")));
        var files = Directory.EnumerateFiles(balancer, "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToList();
        Assert.DoesNotContain(files, f => f!.Contains("llama", StringComparison.OrdinalIgnoreCase) || f.Contains("ggml", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(files, f => f is "Synapse.Engine.dll" or "Synapse.Models.dll" or "Synapse.Node.dll");
    }

    /// <summary>A PE file for x64: "MZ", then the "PE\0\0" header the DOS header points to, machine 0x8664 (AMD64).</summary>
    private static void AssertWindowsX64Program(string path)
    {
        Assert.True(File.Exists(path), $"{path} is missing");
        using var reader = new BinaryReader(File.OpenRead(path));
        Assert.Equal((byte)'M', reader.ReadByte());
        Assert.Equal((byte)'Z', reader.ReadByte());
        reader.BaseStream.Position = 0x3C;
        reader.BaseStream.Position = reader.ReadInt32();
        Assert.Equal(0x00004550u, reader.ReadUInt32());
        Assert.Equal((ushort)0x8664, reader.ReadUInt16());
    }

    private static async Task PublishAsync(IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo(Dotnet())
        {
            WorkingDirectory = Root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // A build of its own, sharing no process with anyone: without these, MSBuild leaves worker nodes (and Roslyn its
        // compiler server) running after the publish, holding the pipes they inherited, and any other build of the same
        // user and SDK (another clone's test run) is served by them. And the test process's standard input (xunit's
        // command channel) is not handed down to them.
        foreach (var argument in arguments.Concat(["--nologo", "-nodeReuse:false", "-p:UseSharedCompilation=false"]))
        {
            info.ArgumentList.Add(argument);
        }

        // The test host's own MSBuild settings must not steer this build.
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(name);
        }

        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        // Generous: a first publish on a busy two-core machine took more than 15 minutes; it only stops a hung build.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(40));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{await output}\n{await error}");
    }

    private static string Dotnet()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return !string.IsNullOrEmpty(host) && File.Exists(host) ? host : "dotnet";
    }
}
