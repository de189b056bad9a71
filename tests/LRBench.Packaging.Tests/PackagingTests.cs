using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit.Abstractions;

namespace LRBench.Packaging.Tests;

/// <summary>What a user gets from the packages: their metadata, the installed `lrbench` tool, and a consumer project.</summary>
public sealed partial class PackagingTests(PackedRepository packed, ITestOutputHelper output) : IClassFixture<PackedRepository>
{
    private static readonly string[] Libraries = ["LRBench.Schedules", "LRBench.Adaptive", "LRBench.Training", "LRBench.Studies", "LRBench.Reporting"];

    [Fact]
    public void Pack_says_the_version_it_used_and_packs_a_tree_with_uncommitted_changes()
    {
        Assert.Contains($"the tree has uncommitted changes; packing them as {packed.Version}", packed.PackOutput);
        var expected = Libraries.Select(l => $"{l}.{packed.Version}.nupkg")
            .Concat(Libraries.Select(l => $"{l}.{packed.Version}.snupkg"))
            .Append($"lrbench.{packed.Version}.nupkg")
            .Append($"lrbench.linux-x64.{packed.Version}.nupkg")
            .Order();
        Assert.Equal(expected, Directory.GetFiles(packed.Packages).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Every_library_package_carries_its_metadata_readme_and_documentation()
    {
        foreach (string id in Libraries)
        {
            using var package = ZipFile.OpenRead(Path.Combine(packed.Packages, $"{id}.{packed.Version}.nupkg"));
            var meta = Metadata(package, id);
            Assert.Equal(id, Text(meta, "id"));
            Assert.Equal(packed.Version, Text(meta, "version"));
            Assert.Equal("MIT", Text(meta, "license"));
            Assert.Equal("README.md", Text(meta, "readme"));
            Assert.False(string.IsNullOrWhiteSpace(Text(meta, "description")), $"{id}: no description");
            Assert.Contains("lrbench", Text(meta, "tags"));
            Assert.Equal("git", meta.Element(meta.Name.Namespace + "repository")?.Attribute("type")?.Value);
            Assert.NotNull(package.GetEntry("README.md"));
            Assert.NotNull(package.GetEntry($"lib/net10.0/{id}.dll"));
            Assert.NotNull(package.GetEntry($"lib/net10.0/{id}.xml"));
        }
    }

    [Fact]
    public void Schedules_has_no_dependencies_and_Training_takes_TorchSharp_without_a_backend_and_carries_the_native_fix()
    {
        Assert.Empty(Dependencies("LRBench.Schedules"));
        var training = Dependencies("LRBench.Training");
        Assert.Contains("TorchSharp", training);
        Assert.DoesNotContain(training, d => d.StartsWith("TorchSharp-", StringComparison.OrdinalIgnoreCase) || d.StartsWith("libtorch", StringComparison.OrdinalIgnoreCase));
        using var package = ZipFile.OpenRead(Path.Combine(packed.Packages, $"LRBench.Training.{packed.Version}.nupkg"));
        var targets = package.GetEntry("buildTransitive/LRBench.Training.targets");
        Assert.NotNull(targets);
        using var reader = new StreamReader(targets.Open());
        Assert.Contains("LRBenchWeakenGlibcxxRequirement", reader.ReadToEnd());
    }

    [Fact]
    public void The_installed_tool_checks_the_golden_schedules_and_trains_with_its_own_libtorch()
    {
        string toolPath = packed.NewFolder("tool");
        var clock = Stopwatch.StartNew();
        Command.Succeed(packed.Root, "dotnet", "tool", "install", "lrbench", "--tool-path", toolPath,
            "--add-source", packed.Packages, "--version", packed.Version);
        output.WriteLine($"dotnet tool install: {clock.Elapsed.TotalSeconds:F1} s; tool package {new FileInfo(Path.Combine(packed.Packages, $"lrbench.linux-x64.{packed.Version}.nupkg")).Length / 1e6:F1} MB");
        string lrbench = Path.Combine(toolPath, "lrbench");

        string version = Command.Succeed(packed.Root, lrbench, "--version").Trim();
        Assert.StartsWith(packed.Version + "+", version);
        Assert.EndsWith(".dirty", version);

        string check = Command.Succeed(packed.Root, lrbench, "schedule", "check", "--golden", Path.Combine(packed.Root, "tests", "golden", "schedules_reference.json"));
        Assert.EndsWith("25 passed, 0 failed", check.TrimEnd());

        string run = packed.NewFolder("tool-train");
        string train = Command.Succeed(packed.Root, lrbench, "train", "--dataset", "synthetic", "--model", "mlp:16",
            "--policy", "FIX(k0=0.1)", "--epochs", "1", "--out", run);
        Assert.Contains("Highest top-1", train);
        Assert.True(File.Exists(Path.Combine(run, "result.json")), train);

        // The knowledge base ships inside the tool: recommend needs no store of the user's.
        string knowledge = Command.Succeed(packed.Root, lrbench, "knowledge", "show");
        Assert.Contains("repository-workloads.db", knowledge);
        string recommend = Command.Succeed(packed.Root, lrbench, "recommend", "--dataset", "synthetic", "--model", "mlp:16");
        Assert.Contains("Proposed procedure", recommend); // nothing like it ships; the answer still comes from the shipped stores, opened read-only
    }

    [Fact]
    public void The_package_consumer_trains_LeNet5_with_a_policy_from_a_spec_and_gets_the_native_fix_only_where_needed()
    {
        string project = Path.Combine(packed.Root, "examples", "PackageConsumer");
        string packagesFolder = packed.NewFolder("consumer-packages");
        string globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string[] restore =
        [
            $"-p:LRBenchVersion={packed.Version}",
            $"-p:RestoreAdditionalProjectSources={packed.Packages}",
            // A private folder for the packages under test; TorchSharp and libtorch come from the user's cache.
            $"-p:RestorePackagesPath={packagesFolder}",
            $"-p:RestoreAdditionalProjectFallbackFolders={globalPackages}",
        ];

        string outA = packed.NewFolder("consumer");
        Command.Succeed(project, "dotnet", ["build", "-c", "Release", "-o", outA, .. restore]);
        string run = Command.Succeed(project, "dotnet", Path.Combine(outA, "PackageConsumer.dll"));
        output.WriteLine(run);
        var accuracy = FinalAccuracy().Match(run);
        Assert.True(accuracy.Success, run);
        Assert.InRange(double.Parse(accuracy.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 50, 100); // 10 classes: chance is 10%

        // The same build where libstdc++ already has GLIBCXX_3.4.32 (a stand-in file says so) leaves the library as shipped.
        string newLibStdCxx = Path.Combine(packed.NewFolder("libstdcxx"), "libstdc++.so.6");
        File.WriteAllBytes(newLibStdCxx, Encoding.ASCII.GetBytes("GLIBCXX_3.4.30\0GLIBCXX_3.4.31\0GLIBCXX_3.4.32\0"));
        string outB = packed.NewFolder("consumer-new-libstdcxx");
        Command.Succeed(project, "dotnet", ["build", "-c", "Release", "-o", outB, $"-p:LRBenchSystemLibStdCxx={newLibStdCxx}", .. restore]);

        string shipped = ShippedNativeLibrary(project);
        byte[] original = File.ReadAllBytes(shipped);
        string relative = Path.Combine("runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.Equal(original, File.ReadAllBytes(Path.Combine(outB, relative)));
        bool systemNeedsFix = !SystemLibStdCxxHas("GLIBCXX_3.4.32");
        byte[] built = File.ReadAllBytes(Path.Combine(outA, relative));
        Assert.Equal(systemNeedsFix, !original.AsSpan().SequenceEqual(built));
        if (systemNeedsFix)
        {
            // One bit differs: the VER_FLG_WEAK flag of that one version requirement.
            int differing = original.Zip(built).Count(p => p.First != p.Second);
            Assert.Equal(1, differing);
        }
    }

    private List<string> Dependencies(string id)
    {
        using var package = ZipFile.OpenRead(Path.Combine(packed.Packages, $"{id}.{packed.Version}.nupkg"));
        var meta = Metadata(package, id);
        return meta.Descendants(meta.Name.Namespace + "dependency").Select(d => d.Attribute("id")!.Value).ToList();
    }

    private static XElement Metadata(ZipArchive package, string id)
    {
        var entry = package.Entries.Single(e => e.FullName.Equals($"{id}.nuspec", StringComparison.OrdinalIgnoreCase));
        using var stream = entry.Open();
        var doc = XDocument.Load(stream);
        return doc.Root!.Element(doc.Root.Name.Namespace + "metadata")!;
    }

    private static string Text(XElement meta, string name) => meta.Element(meta.Name.Namespace + name)?.Value ?? "";

    /// <summary>TorchSharp's libLibTorchSharp.so as its package ships it, from the folders the consumer's restore used.</summary>
    private static string ShippedNativeLibrary(string project)
    {
        using var assets = JsonDocument.Parse(File.ReadAllText(Path.Combine(project, "obj", "project.assets.json")));
        string library = assets.RootElement.GetProperty("libraries").EnumerateObject()
            .Single(l => l.Name.StartsWith("TorchSharp/", StringComparison.OrdinalIgnoreCase)).Value.GetProperty("path").GetString()!;
        return assets.RootElement.GetProperty("packageFolders").EnumerateObject()
            .Select(f => Path.Combine(f.Name, library, "runtimes", "linux-x64", "native", "libLibTorchSharp.so"))
            .First(File.Exists);
    }

    private static bool SystemLibStdCxxHas(string version)
    {
        const string lib = "/usr/lib/x86_64-linux-gnu/libstdc++.so.6";
        byte[] wanted = Encoding.ASCII.GetBytes(version + "\0");
        return File.Exists(lib) && File.ReadAllBytes(lib).AsSpan().IndexOf(wanted) >= 0;
    }

    [GeneratedRegex(@"final accuracy (\d+\.\d+)%")]
    private static partial Regex FinalAccuracy();
}
