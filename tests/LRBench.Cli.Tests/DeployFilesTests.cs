using System.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace LRBench.Cli.Tests;

/// <summary>
/// The launch files in deploy/, checked offline (no cluster, no `kubectl` here): the Kubernetes Job runs workers
/// that need only the store (checkpoints in it, no PersistentVolumeClaim, scratch in emptyDirs), as a non-root user on
/// a read-only root file system, with the store's URL from a secret and resource requests; every mount names a
/// declared volume. This checks the fields that matter for running without shared volumes, not the whole Kubernetes
/// API schema. The Slurm script is valid bash and falls back to store checkpoints without a shared folder.
/// </summary>
public sealed class DeployFilesTests
{
    private static YamlMappingNode Job()
    {
        var yaml = new YamlStream();
        using var reader = new StringReader(File.ReadAllText(Path.Combine(RepositoryFiles.RepoRoot, "deploy", "kubernetes", "lrbench-workers.yaml")));
        yaml.Load(reader);
        return (YamlMappingNode)Assert.Single(yaml.Documents).RootNode;
    }

    private static YamlNode At(YamlNode node, params string[] path) =>
        path.Aggregate(node, (n, key) => ((YamlMappingNode)n).Children[new YamlScalarNode(key)]);

    private static string Text(YamlNode node, params string[] path) => ((YamlScalarNode)At(node, path)).Value!;

    private static IEnumerable<YamlNode> All(YamlNode node) => node switch
    {
        YamlMappingNode m => m.Children.SelectMany(kv => new[] { kv.Key }.Concat(All(kv.Value))),
        YamlSequenceNode s => s.Children.SelectMany(All),
        _ => [node],
    };

    [Fact]
    public void The_kubernetes_job_runs_workers_that_need_only_the_store_as_a_non_root_user_on_a_read_only_root()
    {
        var job = Job();
        Assert.Equal(("batch/v1", "Job"), (Text(job, "apiVersion"), Text(job, "kind")));
        var pod = At(job, "spec", "template", "spec");
        Assert.DoesNotContain(All(job).OfType<YamlScalarNode>(), n => n.Value == "persistentVolumeClaim");

        var container = (YamlMappingNode)Assert.Single(((YamlSequenceNode)At(pod, "containers")).Children);
        string[] args = [.. ((YamlSequenceNode)At(container, "args")).Children.Cast<YamlScalarNode>().Select(s => s.Value!)];
        Assert.Equal("worker", args[0]);
        Assert.Equal("store", args[Array.IndexOf(args, "--checkpoints") + 1]);
        Assert.DoesNotContain(args, a => a.Contains("postgresql://", StringComparison.Ordinal)); // the URL stays out of the command line

        var env = ((YamlSequenceNode)At(container, "env")).Children.Cast<YamlMappingNode>().ToDictionary(e => Text(e, "name"));
        Assert.Equal("lrbench-store", Text(env["LRBENCH_STORE"], "valueFrom", "secretKeyRef", "name"));

        Assert.Equal("true", Text(pod, "securityContext", "runAsNonRoot"));
        Assert.NotEqual("0", Text(pod, "securityContext", "runAsUser"));
        Assert.Equal("true", Text(container, "securityContext", "readOnlyRootFilesystem"));
        Assert.Equal("false", Text(container, "securityContext", "allowPrivilegeEscalation"));
        Assert.Equal("ALL", ((YamlScalarNode)Assert.Single(((YamlSequenceNode)At(container, "securityContext", "capabilities", "drop")).Children)).Value);
        Assert.NotEmpty(Text(container, "resources", "requests", "cpu"));
        Assert.NotEmpty(Text(container, "resources", "requests", "memory"));

        // Every mount names a declared volume, every volume is the pod's own scratch, and the output folder is on one.
        var volumes = ((YamlSequenceNode)At(pod, "volumes")).Children.Cast<YamlMappingNode>().ToDictionary(v => Text(v, "name"));
        Assert.All(volumes.Values, v => Assert.True(v.Children.ContainsKey(new YamlScalarNode("emptyDir")), $"volume {Text(v, "name")} is not an emptyDir"));
        var mounts = ((YamlSequenceNode)At(container, "volumeMounts")).Children.Cast<YamlMappingNode>().ToList();
        Assert.All(mounts, m => Assert.Contains(Text(m, "name"), volumes.Keys));
        string output = args[Array.IndexOf(args, "--out") + 1];
        Assert.Contains(mounts, m => output.StartsWith(Text(m, "mountPath") + "/", StringComparison.Ordinal));
    }

    [Fact]
    public void The_container_image_runs_lrbench_as_the_jobs_non_root_user_and_holds_no_secret()
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryFiles.RepoRoot, "deploy", "container", "Containerfile"))
            .Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        string Instruction(string name) => Assert.Single(lines, l => l.StartsWith(name + " ", StringComparison.Ordinal))[(name.Length + 1)..];

        Assert.Equal("[\"/opt/lrbench/lrbench\"]", Instruction("ENTRYPOINT"));
        string user = Instruction("USER").Split(':')[0];
        Assert.NotEqual("0", user);
        Assert.Equal(Text(At(Job(), "spec", "template", "spec"), "securityContext", "runAsUser"), user); // the Job's user owns /scratch
        Assert.Contains(lines, l => l.StartsWith("ARG BASE=mcr.microsoft.com/dotnet/runtime-deps:10.0", StringComparison.Ordinal)); // self-contained: no runtime needed
        Assert.DoesNotContain(lines, l => l.Contains("LRBENCH_STORE", StringComparison.Ordinal) || l.Contains("postgresql://", StringComparison.Ordinal));

        // The Job runs the version this repository builds (scripts/image.sh tags lrbench:<VersionPrefix>).
        var container = (YamlMappingNode)((YamlSequenceNode)At(Job(), "spec", "template", "spec", "containers")).Children[0];
        string version = System.Xml.Linq.XDocument.Load(Path.Combine(RepositoryFiles.RepoRoot, "Directory.Build.props")).Descendants("VersionPrefix").Single().Value;
        Assert.Equal("lrbench:" + version, Text(container, "image"));

        using var bash = Process.Start(new ProcessStartInfo("bash", ["-n", Path.Combine(RepositoryFiles.RepoRoot, "scripts", "image.sh")]) { RedirectStandardError = true })!;
        string errors = bash.StandardError.ReadToEnd();
        bash.WaitForExit();
        Assert.True(bash.ExitCode == 0, errors);
    }

    [Fact]
    public void The_slurm_script_is_valid_bash_and_uses_store_checkpoints_without_a_shared_folder()
    {
        string script = Path.Combine(RepositoryFiles.RepoRoot, "deploy", "slurm", "lrbench-workers.sbatch");
        using var bash = Process.Start(new ProcessStartInfo("bash", ["-n", script]) { RedirectStandardError = true })!;
        string errors = bash.StandardError.ReadToEnd();
        bash.WaitForExit();
        Assert.True(bash.ExitCode == 0, errors);
        string text = File.ReadAllText(script);
        Assert.Contains("--checkpoints store", text, StringComparison.Ordinal);
        Assert.Contains("if [ -n \"${LRBENCH_SHARED:-}\" ]", text, StringComparison.Ordinal);
    }
}
