using LRBench.Training.Engine;
using TorchSharp;
using LRBench.Training.Settings;

namespace LRBench.Training.Tests;

public sealed class ComputeDeviceTests
{
    [Theory]
    [InlineData("cpu", "cpu", null)]
    [InlineData(" CPU ", "cpu", null)]
    [InlineData("auto", "auto", null)]
    [InlineData("cuda", "cuda:0", 0)]
    [InlineData("cuda:3", "cuda:3", 3)]
    public void Devices_parse_to_their_canonical_text(string text, string canonical, int? index)
    {
        var device = ComputeDevice.Parse(text);
        Assert.Equal(canonical, device.Text);
        Assert.Equal(index, device.CudaIndex);
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:")]
    [InlineData("cuda:-1")]
    [InlineData("cuda:x")]
    [InlineData("cuda:123456789")]
    [InlineData("")]
    public void Other_devices_are_refused_naming_what_is_allowed(string text)
    {
        var e = Assert.Throws<ArgumentException>(() => ComputeDevice.Parse(text));
        Assert.EndsWith("; use cpu, cuda, cuda:N or auto", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Auto_falls_back_to_the_cpu_and_says_so_and_cuda_without_a_gpu_is_refused()
    {
        var cpu = ComputeDevice.Auto.Choose(cudaAvailable: false, gpus: 0, out string? note);
        Assert.Equal(DeviceType.CPU, cpu.Type);
        Assert.Equal("device auto: no CUDA device found, computing on the CPU", note);

        var refused = Assert.Throws<ArgumentException>(() => ComputeDevice.Parse("cuda").Choose(cudaAvailable: false, gpus: 0, out _));
        Assert.StartsWith("device cuda:0: CUDA is not available here", refused.Message, StringComparison.Ordinal);
        var missing = Assert.Throws<ArgumentException>(() => ComputeDevice.Parse("cuda:2").Choose(cudaAvailable: true, gpus: 2, out _));
        Assert.Equal("device cuda:2: this machine has 2 CUDA devices (cuda:0..cuda:1)", missing.Message);

        Assert.Equal((DeviceType.CUDA, 1), ComputeDevice.Parse("cuda:1").Choose(cudaAvailable: true, gpus: 2, out string? none));
        Assert.Null(none);
        Assert.Equal((DeviceType.CUDA, 0), ComputeDevice.Auto.Choose(true, 1, out _));
    }

    [Fact]
    public void This_machine_has_no_cuda_so_the_real_resolution_is_the_cpu()
    {
        Assert.False(torch.cuda.is_available()); // the CPU build of libtorch; on a GPU machine this test says so
        Assert.Equal(DeviceType.CPU, ComputeDevice.Auto.Resolve(out string? note).type);
        Assert.NotNull(note);
        Assert.Throws<ArgumentException>(() => ComputeDevice.Parse("cuda").Resolve(out _));
    }

    [Fact]
    public void The_device_is_not_part_of_a_runs_identity()
    {
        var options = new TrainingOptions();
        Assert.Equal(Trainer.Fingerprint(options, null), Trainer.Fingerprint(options with { Device = ComputeDevice.Auto }, null));
        Assert.DoesNotContain("Device", System.Text.Json.JsonSerializer.Serialize(options), StringComparison.Ordinal);
        Assert.Contains("\"Device\":\"cuda:1\"", System.Text.Json.JsonSerializer.Serialize(options with { Device = ComputeDevice.Parse("cuda:1") }), StringComparison.Ordinal);
    }
}
