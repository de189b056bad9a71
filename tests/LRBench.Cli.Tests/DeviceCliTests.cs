namespace LRBench.Cli.Tests;

/// <summary>--device and task.device on a machine without CUDA (this one): auto falls back and says so; cuda is refused before anything runs.</summary>
public sealed class DeviceCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lrbench-device-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string[] Train(string device, string folder) =>
        ["train", "--dataset", "synthetic", "--model", "mlp:8", "--policy", "FIX(k0=0.1)", "--steps", "10", "--threads", "1", "--device", device, "--out", Path.Combine(_dir, folder)];

    [Theory]
    [InlineData("cuda", "lrbench: --device: device cuda:0: CUDA is not available here")]
    [InlineData("cuda:1", "lrbench: --device: device cuda:1: CUDA is not available here")]
    [InlineData("gpu", "lrbench: --device: unknown device 'gpu'; use cpu, cuda, cuda:N or auto")]
    public void A_device_this_machine_does_not_have_exits_2_before_anything_is_written(string device, string expected)
    {
        var (code, _, err) = Cli.Run(Train(device, device.Replace(':', '_')));
        Cli.AssertBadInput(code, err);
        Assert.StartsWith(expected, err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir, device.Replace(':', '_'))));
    }

    [Fact]
    public void Auto_trains_on_the_cpu_and_says_so_in_one_line()
    {
        var (code, output, err) = Cli.Run(Train("auto", "auto"));
        Assert.True(code == 0, err);
        Assert.Single(output.Split('\n'), l => l.Contains("device auto: no CUDA device found, computing on the CPU", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(_dir, "auto", "result.json")));
    }

    [Theory]
    [InlineData("device: cuda", "study.yaml: task.device: device cuda:0: CUDA is not available here")]
    [InlineData("device: tpu", "study.yaml:2: task.device: unknown device 'tpu'; use cpu, cuda, cuda:N or auto")]
    public void A_study_files_device_is_checked_before_anything_runs(string line, string expected)
    {
        string file = Path.Combine(_dir, "study.yaml");
        File.WriteAllText(file, $$"""
            name: device-test
            task: {dataset: synthetic, model: "mlp:8", budget: 2ep, {{line}}}
            seeds: [0]
            policies: ["FIX(k0=0.1)"]
            """);
        var (code, _, err) = Cli.Run("study", "run", file);
        Cli.AssertBadInput(code, err, expected);
        Assert.False(File.Exists(Path.Combine(_dir, "device-test.db")), "no store is made for a study that cannot run here");
    }
}
