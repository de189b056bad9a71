namespace LRBench.Cli.Tests;

/// <summary>The real `lrbench` command, run in-process with captured output.</summary>
public sealed class CliTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => Cli.Run(args);

    [Fact]
    public void Schedule_check_passes_every_golden_case()
    {
        var golden = RepositoryFiles.GoldenSchedules;
        var (code, output, _) = Run("schedule", "check", "--golden", golden);
        Assert.Equal(0, code);
        Assert.EndsWith("25 passed, 0 failed", output.TrimEnd());
        Assert.Equal(26, output.TrimEnd().Split('\n').Length);
    }

    [Fact]
    public void Schedule_check_exits_1_when_a_case_fails()
    {
        string file = Path.Combine(Path.GetTempPath(), $"g-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, """{"cases": {"x": {"source": "torch.optim.lr_scheduler.StepLR", "params": {"base_lr": 0.1, "step_size": 1, "steps": 2}, "lr": [0.1, 0.02]}}}""");
        try
        {
            var (code, output, _) = Run("schedule", "check", "--golden", file);
            Assert.Equal(1, code);
            Assert.Contains("FAIL", output);
            Assert.EndsWith("0 passed, 1 failed", output.TrimEnd());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Values_prints_csv_with_momentum_when_the_policy_cycles_it()
    {
        var (code, output, _) = Run("schedule", "values", "--spec", "CyclicLR(base_lr=0.001, max_lr=0.006, step_size_up=2)", "--steps", "5");
        Assert.Equal(0, code);
        var lines = output.TrimEnd().Split('\n');
        Assert.Equal("step,lr,momentum", lines[0]);
        Assert.Equal("2,0.006,0.8", lines[3]);
        Assert.Equal(6, lines.Length);
    }

    [Fact]
    public void Values_prints_json_and_accepts_epoch_units()
    {
        var (code, output, _) = Run("schedule", "values", "--spec", "STEP(k0=0.1, gamma=0.5, l=1ep)", "--steps", "4", "--steps-per-epoch", "2", "--format", "json");
        Assert.Equal(0, code);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        var rows = json.RootElement.EnumerateArray().Select(e => (e.GetProperty("step").GetInt64(), e.GetProperty("lr").GetDouble())).ToList();
        Assert.Equal([(0L, 0.1), (1L, 0.1), (2L, 0.05), (3L, 0.05)], rows);
    }

    [Theory]
    [InlineData(new[] { "schedule", "values", "--spec", "TRI(k0=-1, k1=2, l=3)", "--steps", "5" }, "TRI.k0: must be > 0 (got -1)")]
    [InlineData(new[] { "schedule", "values", "--spec", "NOPE", "--steps", "5" }, "unknown policy 'NOPE'")]
    [InlineData(new[] { "schedule", "values", "--spec", "FIX(k0=0.1)", "--steps", "0" }, "--steps must be from 1 to 10000000")]
    [InlineData(new[] { "schedule", "values", "--spec", "FIX(k0=0.1)" }, "--steps")]
    [InlineData(new[] { "schedule", "values", "--spec", "FIX(k0=0.1)", "--steps", "3", "--format", "xml" }, "xml")]
    [InlineData(new[] { "schedule", "frobnicate" }, "frobnicate")]
    [InlineData(new[] { "schedule", "check", "--golden", "/nonexistent/file.json" }, "golden file not found")]
    [InlineData(new[] { "schedule", "plot", "--spec", "FIX(k0=0.1)", "--steps", "3", "-o", "out.gif" }, "must end in .png or .svg")]
    public void Bad_input_exits_2_with_one_line_naming_the_problem(string[] args, string expected)
    {
        var (code, output, error) = Run(args);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.StartsWith("lrbench: ", error);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void Help_reads_well_and_exits_0()
    {
        var (code, output, _) = Run("--help");
        Assert.Equal(0, code);
        Assert.Contains("schedule", output);
        Assert.Contains("quickstart", output);
        var (code2, output2, _) = Run("schedule", "plot", "--help");
        Assert.Equal(0, code2);
        Assert.Contains("--log", output2);
    }

    [Fact]
    public void List_shows_every_family()
    {
        var (code, output, _) = Run("schedule", "list");
        Assert.Equal(0, code);
        foreach (var name in new[] { "TRIEXP", "OneCycleLR", "CosineLRScheduler", "get_wsd_schedule", "multiplicative_cyclic", "join" })
            Assert.Contains(name, output);
    }

    [Fact]
    public void Plot_writes_real_png_and_svg_files()
    {
        string dir = Directory.CreateTempSubdirectory("lrbench-plot").FullName;
        try
        {
            string png = Path.Combine(dir, "p.png"), svg = Path.Combine(dir, "p.svg");
            var (code, _, err) = Run("schedule", "plot", "--spec", "TRI2(k0=0.001, k1=0.006, l=200)", "--spec", "COS(k0=0.006, k1=0.001, l=300)", "--steps", "1200", "--log", "-o", png);
            Assert.True(code == 0, err);
            var bytes = File.ReadAllBytes(png);
            Assert.True(bytes.Length > 10_000, $"PNG of {bytes.Length} bytes");
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
            Assert.Equal(0, Run("schedule", "plot", "--spec", "FIX(k0=0.1)", "--steps", "10", "-o", svg).Code);
            Assert.Contains("<svg", File.ReadAllText(svg));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Quickstart_plots_its_gallery()
    {
        string dir = Directory.CreateTempSubdirectory("lrbench-qs").FullName;
        try
        {
            var (code, output, err) = Run("quickstart", "-o", dir);
            Assert.True(code == 0, err);
            Assert.Equal(4, Directory.GetFiles(dir, "*.png").Length);
            Assert.Contains("policies", output);
            Assert.Contains("TRIEXP", output); // the catalogue is listed
            Assert.Contains("get_wsd_schedule", output);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
