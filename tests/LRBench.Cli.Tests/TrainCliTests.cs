using System.Diagnostics;
using System.Text.Json;

namespace LRBench.Cli.Tests;

/// <summary>
/// `lrbench train` end to end: in-process for outputs and errors, and as a real child process killed with SIGKILL
/// for resume. These tests set TorchSharp's process-wide thread count, so they live in one class and run in order.
/// </summary>
public sealed class TrainCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lrbench-cli-train-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Out, string Err) Run(params string[] args) => Cli.Run(args);

    [Fact]
    public void Train_writes_the_metrics_table_json_csv_and_plot()
    {
        string outDir = Path.Combine(_dir, "run");
        var (code, output, err) = Run("train", "--dataset", "synthetic", "--model", "mlp:16", "--policy", "warmup_cosine(peak_lr=0.1, warmup=0.5ep)",
            "--epochs", "2", "--batch", "50", "--eval-every", "0.5ep", "--threads", "1", "--out", outDir);
        Assert.True(code == 0, err);
        Assert.Contains("synthetic: 2000 training images, 500 test images; mlp:16", output, StringComparison.Ordinal);
        Assert.Contains("│ step │ epoch │", output, StringComparison.Ordinal);
        Assert.Contains("Highest top-1", output, StringComparison.Ordinal);

        var csv = File.ReadAllLines(Path.Combine(outDir, "evaluations.csv"));
        Assert.Equal("step,epoch,lr,top1,top5,ac,cd,cdac,test_loss,train_loss,ld,best_top1,best_top1_step,wall_s,compute_s,eval_s", csv[0]);
        Assert.Equal(["20", "40", "60", "80"], csv.Skip(1).Select(l => l.Split(',')[0]));

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "result.json")));
        Assert.Equal("Completed", json.RootElement.GetProperty("Status").GetString());
        Assert.Equal(4, json.RootElement.GetProperty("Evaluations").GetArrayLength());
        Assert.Equal(80, json.RootElement.GetProperty("Trace").GetArrayLength());

        var png = File.ReadAllBytes(Path.Combine(outDir, "training.png"));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.True(png.Length > 20_000, "three panels with lines and labels");
    }

    [Theory]
    [InlineData("unknown data set 'imagenet'; known: fashion-mnist", "--dataset", "imagenet")]
    [InlineData("unknown model 'vgg'", "--model", "vgg")]
    [InlineData("unknown optimizer 'adagrad'", "--optimizer", "adagrad")]
    [InlineData("--eval-every: 'often' is not a positive duration", "--eval-every", "often")]
    [InlineData("give either --epochs or --steps, not both", "--steps", "10")]
    [InlineData("label smoothing must be in [0, 1), got 1.5", "--label-smoothing", "1.5")]
    [InlineData("FIX.k0", "--policy", "FIX(k0=-1)")]
    public void Bad_input_exits_2_with_one_line_naming_the_problem(string expected, string option, string value)
    {
        var args = new List<string> { "train", "--dataset", "synthetic", "--model", "mlp:8", "--epochs", "1", "--out", Path.Combine(_dir, "bad") };
        if (option != "--policy") args.AddRange(["--policy", "FIX(k0=0.1)"]);
        int at = args.IndexOf(option);
        if (at >= 0) args[at + 1] = value;
        else args.AddRange([option, value]);
        var (code, _, err) = Run([.. args]);
        Assert.Equal(2, code);
        Assert.Contains(expected, err, StringComparison.Ordinal);
        Assert.Single(err.TrimEnd().Split('\n'));
    }

    [Theory]
    [InlineData("", "is a file; give a folder")]
    [InlineData("checkpoint", "is a file where checkpoints keep a folder")]
    [InlineData("checkpoint.tmp", "is a file where checkpoints keep a folder")]
    public void A_checkpoint_path_that_is_a_file_is_refused_before_the_first_step(string file, string expected)
    {
        string outDir = Path.Combine(_dir, "run-" + file.Replace('.', '-'));
        string path = file.Length == 0 ? outDir : Path.Combine(outDir, file);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "not a folder");
        var (code, output, err) = Run("train", "--dataset", "synthetic", "--model", "mlp:8", "--policy", "FIX(k0=0.1)", "--steps", "20", "--threads", "1", "--out", outDir);
        Cli.AssertBadInput(code, err, expected);
        Assert.DoesNotContain("step", output, StringComparison.OrdinalIgnoreCase); // refused before training, not after it
        Assert.Equal("not a folder", File.ReadAllText(path));
    }

    [Fact]
    public void Train_with_autowu_and_lamb_logs_the_switch_and_stores_it_in_the_result()
    {
        string outDir = Path.Combine(_dir, "autowu");
        var (code, output, err) = Run("train", "--dataset", "synthetic", "--model", "mlp:16", "--optimizer", "lamb",
            "--policy", "autowu(patience=2, test_every=10ba, fit_iterations=20, predict_points=120, grid_points=120)",
            "--epochs", "8", "--batch", "50", "--threads", "1", "--out", outDir);
        Assert.True(code == 0, err);
        Assert.Contains("AutoWU: warm-up ended after test", output, StringComparison.Ordinal);
        Assert.Contains("restart LR", output, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "result.json")));
        var e = Assert.Single(json.RootElement.GetProperty("PolicyEvents").EnumerateArray());
        Assert.Equal("warmup-ended", e.GetProperty("Kind").GetString());
    }

    [Fact]
    public void A_missing_data_folder_says_how_to_install_the_data()
    {
        var (code, _, err) = Run("train", "--policy", "FIX(k0=0.1)", "--data-dir", Path.Combine(_dir, "nowhere"), "--out", Path.Combine(_dir, "x"));
        Assert.Equal(2, code);
        Assert.Contains("apt-get install dataset-fashion-mnist", err, StringComparison.Ordinal);
        Assert.Contains("--data-dir", err, StringComparison.Ordinal); // the library's DataOptions.DataDirectory, as the flag
        Assert.DoesNotContain("DataOptions", err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_damaged_checkpoint_is_named_and_only_started_over_when_asked()
    {
        string outDir = Path.Combine(_dir, "damaged");
        string[] train = ["train", "--dataset", "synthetic", "--model", "mlp:8", "--policy", "FIX(k0=0.1)", "--steps", "40", "--checkpoint-every", "20ba", "--threads", "1", "--out", outDir];
        var (code, _, err) = Run(train);
        Assert.True(code == 0, err);
        string checkpoint = Path.Combine(outDir, "checkpoint");
        var original = Directory.GetFiles(checkpoint).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);

        void Restore()
        {
            foreach (var (name, bytes) in original) File.WriteAllBytes(Path.Combine(checkpoint, name), bytes);
        }

        void AssertRefused(string mentions)
        {
            var (c, _, e) = Run([.. train, "--resume"]);
            Cli.AssertBadInput(c, e, mentions);
            Restore();
        }

        string model = Path.Combine(checkpoint, "model.bin");
        var random = new Random(5);
        File.WriteAllBytes(model, [.. Enumerable.Range(0, original["model.bin"].Length).Select(_ => (byte)random.Next(256))]);
        AssertRefused($"{model} does not match the checksum");
        File.WriteAllBytes(model, original["model.bin"][..(original["model.bin"].Length / 2)]);
        AssertRefused($"{model} does not match the checksum");
        var flipped = (byte[])original["model.bin"].Clone();
        flipped[flipped.Length / 2] ^= 1;
        File.WriteAllBytes(model, flipped);
        AssertRefused($"{model} does not match the checksum");
        File.WriteAllBytes(Path.Combine(checkpoint, "optimizer.bin"), []);
        AssertRefused("optimizer.bin does not match the checksum");
        File.Delete(model);
        AssertRefused($"{model} is missing");

        string state = Path.Combine(checkpoint, "state.json");
        string json = File.ReadAllText(state);
        foreach (string step in new[] { "-5", "999999" })
        {
            File.WriteAllText(state, System.Text.RegularExpressions.Regex.Replace(json, "\"Step\": 40", $"\"Step\": {step}"));
            AssertRefused(step == "-5" ? "impossible run state" : "is at step 999999, past this run's 40 steps");
        }

        File.WriteAllText(state, "{ not json");
        AssertRefused($"{state} is not a readable checkpoint state");

        // Asked to start over, it deletes the damaged checkpoint, says so, and trains from step 0.
        File.WriteAllBytes(model, [1, 2, 3]);
        (code, var output, err) = Run([.. train, "--start-over"]);
        Assert.True(code == 0, err);
        Assert.Contains($"Deleted {checkpoint}: starting over.", output, StringComparison.Ordinal);
        Assert.Contains("Highest top-1", output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_existing_run_is_not_overwritten_without_resume()
    {
        string outDir = Path.Combine(_dir, "run");
        string[] args = ["train", "--dataset", "synthetic", "--model", "mlp:8", "--policy", "FIX(k0=0.1)", "--steps", "30", "--threads", "1", "--out", outDir];
        Assert.Equal(0, Run(args).Code);
        string before = File.ReadAllText(Path.Combine(outDir, "result.json"));
        var (code, _, err) = Run(args);
        Assert.Equal(2, code);
        Assert.Contains("already holds a run; add --resume", err, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(Path.Combine(outDir, "result.json")));
    }

    [Fact]
    public void A_run_killed_with_SIGKILL_and_resumed_ends_with_the_metrics_of_an_uninterrupted_run()
    {
        string[] common =
        [
            "train", "--dataset", "fashion-mnist", "--train-limit", "3000", "--test-limit", "500", "--model", "lenet5",
            "--policy", "warmup_cosine(peak_lr=0.05, warmup=1ep)", "--epochs", "3", "--batch", "64", "--eval-every", "0.5ep",
            "--nesterov", "--weight-decay", "5e-4", "--threads", "1", "--checkpoint-every", "10ba",
        ];
        string whole = Path.Combine(_dir, "whole");
        Assert.Equal(0, Run([.. common, "--out", whole]).Code);

        string killed = Path.Combine(_dir, "killed");
        string lrbench = Path.Combine(AppContext.BaseDirectory, "lrbench.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { lrbench }.Concat(common).Concat(["--out", killed])) start.ArgumentList.Add(a);
        using (var child = Process.Start(start)!)
        {
            child.OutputDataReceived += (_, _) => { };
            child.ErrorDataReceived += (_, _) => { };
            child.BeginOutputReadLine();
            child.BeginErrorReadLine();
            var deadline = System.Diagnostics.Stopwatch.StartNew(); // a bound on waiting, measured on this machine
            while ((TrialFolders.CheckpointStep(killed) ?? -1) < 50)
            {
                Assert.False(child.HasExited, "the child finished or crashed before it could be killed");
                Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(120), "no checkpoint past step 50 within 2 minutes");
                Thread.Sleep(50);
            }

            child.Kill(entireProcessTree: true); // SIGKILL: no chance to clean up
            child.WaitForExit();
        }

        long killedAt = TrialFolders.CheckpointStep(killed) ?? -1;
        Assert.InRange(killedAt, 50, 140); // 47 steps per epoch, 141 in all: it really was mid-run
        var (code, output, err) = Run([.. common, "--out", killed, "--resume"]);
        Assert.True(code == 0, err);
        Assert.Contains($"resuming at step {killedAt}", output, StringComparison.Ordinal);

        Assert.Equal(Evaluations(whole), Evaluations(killed));
    }

    /// <summary>Everything measured except times, which differ between any two runs.</summary>
    private static List<string> Evaluations(string outDir)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "result.json")));
        return [.. doc.RootElement.GetProperty("Evaluations").EnumerateArray().Select(e =>
            $"{e.GetProperty("Step")} {e.GetProperty("Metrics")} {e.GetProperty("TrainLoss")} {e.GetProperty("BestTop1")} {e.GetProperty("BestTop1Step")}")];
    }

    [Fact]
    public void A_per_group_setting_that_does_not_fit_the_optimizer_exits_2()
    {
        var (code, _, err) = Run("train", "--dataset", "synthetic", "--model", "mlp:8", "--steps", "20", "--threads", "1",
            "--policy", "ReduceLROnPlateau(base_lr=0.05, min_lr=[0.1, 0.2])", "--out", Path.Combine(_dir, "groups"));
        Cli.AssertBadInput(code, err, "min_lr has 2 values but the optimizer has 1 param groups");
        Assert.False(Directory.Exists(Path.Combine(_dir, "groups")));
    }
}
