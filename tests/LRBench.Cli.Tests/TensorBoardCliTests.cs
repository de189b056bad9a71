using System.Globalization;

namespace LRBench.Cli.Tests;

/// <summary>
/// --tensorboard: the event files are read back by an independent reader (record framing, CRC-32C, protobuf Event)
/// and hold the LR and loss of every step and every metric of every evaluation, with the values the run reports.
/// </summary>
public sealed class TensorBoardCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lrbench-cli-tb-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Train_writes_every_step_and_every_evaluation_to_one_run_folder()
    {
        string tb = Path.Combine(_dir, "tb"), outDir = Path.Combine(_dir, "run");
        var (code, _, err) = Cli.Run("train", "--dataset", "synthetic", "--model", "mlp:16", "--policy", "TRI2(k0=0.001, k1=0.1, l=10ba)",
            "--steps", "40", "--batch", "50", "--eval-every", "10ba", "--threads", "1", "--out", outDir, "--tensorboard", tb);
        Assert.True(code == 0, err);
        string run = Assert.Single(Directory.GetDirectories(tb));
        Assert.Equal("TRI2_k0=0.001__k1=0.1__l=10ba__baseline_seed0", Path.GetFileName(run));
        var scalars = TensorBoardEvents.Read(run);

        var lr = scalars.Where(s => s.Tag == "train/lr").ToList();
        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), lr.Select(s => s.Step));
        // TRI2 with a half-cycle of 10 steps: step 1's LR (of the step just taken, step 0) is k0, step 11's is k1.
        Assert.Equal(0.001f, lr[0].Value, 6);
        Assert.Equal(0.1f, lr[10].Value, 6);
        Assert.Equal(40, scalars.Count(s => s.Tag == "train/loss"));

        // The evaluations: the same values as evaluations.csv, at the same steps.
        var rows = File.ReadAllLines(Path.Combine(outDir, "evaluations.csv"));
        var header = rows[0].Split(',');
        foreach (string row in rows.Skip(1))
        {
            var cells = row.Split(',');
            long step = long.Parse(cells[Array.IndexOf(header, "step")], CultureInfo.InvariantCulture);
            foreach (var (tag, column) in new[] { ("eval/top1", "top1"), ("eval/top5", "top5"), ("eval/ac", "ac"), ("eval/cd", "cd"), ("eval/cdac", "cdac"), ("eval/test_loss", "test_loss") })
            {
                var written = Assert.Single(scalars, s => s.Tag == tag && s.Step == step);
                Assert.Equal((float)double.Parse(cells[Array.IndexOf(header, column)], CultureInfo.InvariantCulture), written.Value, 5);
            }
        }

        Assert.Equal([10L, 20, 30, 40], scalars.Where(s => s.Tag == "eval/top1").Select(s => s.Step));
    }

    [Fact]
    public void A_study_writes_one_run_folder_per_trial_under_its_name()
    {
        string study = Path.Combine(_dir, "tb-study.yaml");
        File.WriteAllText(study, """
            name: tb-study
            task: {dataset: synthetic, model: "mlp:8", batch_size: 50, budget: 20ba, evaluate_every: 10ba}
            seeds: [0, 1]
            policies: ["FIX(k0=0.05)", "EXP(k0=0.05, gamma=0.99)"]
            """);
        string tb = Path.Combine(_dir, "tb");
        var (code, _, err) = Cli.Run("study", "run", study, "--tensorboard", tb, "--parallel", "2");
        Assert.True(code == 0, err);
        var runs = Directory.GetDirectories(Path.Combine(tb, "tb-study")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(4, runs.Count);
        Assert.Equal(2, runs.Count(r => r!.StartsWith("FIX_k0=0.05__baseline_seed", StringComparison.Ordinal)));
        foreach (string run in runs!)
        {
            var scalars = TensorBoardEvents.Read(Path.Combine(tb, "tb-study", run));
            Assert.Equal(20, scalars.Count(s => s.Tag == "train/lr"));
            Assert.Equal([10L, 20], scalars.Where(s => s.Tag == "eval/top1").Select(s => s.Step));
        }
    }
}
