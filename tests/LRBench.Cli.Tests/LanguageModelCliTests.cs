namespace LRBench.Cli.Tests;

/// <summary>The character-level language model from the command line: a study on the fortunes ranked by bits per character.</summary>
public sealed class LanguageModelCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lrbench-cli-lm-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_study_on_the_fortunes_ranks_adamw_and_schedule_free_adamw_by_validation_bits_per_character()
    {
        string study = Path.Combine(_dir, "lm.yaml");
        File.WriteAllText(study, """
            name: lm
            task:
              dataset: fortunes
              model: "char-transformer:1,32,2,32"
              train_limit: 300
              test_limit: 60
              optimizer: {name: adamw, beta2: 0.99, weight_decay: 0.1}
              batch_size: 16
              budget: 30ba
              evaluate_every: 15ba
            seeds: [0]
            policies:
              - "warmup_cosine(peak_lr=0.01, warmup=5ba)"
              - spec: "FIX(k0=0.01)"
                optimizer: {name: adamw-schedule-free, warmup_steps: 5}
            """);
        var (code, output, err) = Cli.Run("study", "run", study, "--threads", "1");
        Assert.True(code == 0, err + output);
        Assert.Contains("2 of 2 trials finished", output, StringComparison.Ordinal);
        Assert.Contains("ranked by bits/char", output, StringComparison.Ordinal);
        Assert.Contains(", final loss ", output, StringComparison.Ordinal); // each trial's end names its loss and metric, not a top-1
        Assert.DoesNotContain("NaN", output, StringComparison.Ordinal);

        var (_, csv, _) = Cli.Run("study", "rank", study, "--format", "csv");
        var rows = RankCsv.Rows(csv);
        Assert.Equal(2, rows.Count);
        Assert.Contains(rows, r => r["policy"] == "FIX(k0=0.01) · adamw-schedule-free");
        foreach (var r in rows)
        {
            double bits = double.Parse(r["metric"], System.Globalization.CultureInfo.InvariantCulture);
            double nats = double.Parse(r["loss"], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(nats / Math.Log(2), bits, 1e-9); // bits per character are the loss in bits
            Assert.InRange(bits, 3.0, Math.Log2(97)); // learnt something in 30 steps, below uniform over 97 characters
        }

        // Lower is better: the first row has the fewest bits.
        var metric = rows.Select(r => double.Parse(r["metric"], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(metric[0] <= metric[1]);
    }

    [Fact]
    public void Train_reports_the_lowest_validation_loss_and_the_bits_per_character()
    {
        var (code, output, err) = Cli.Run("train", "--dataset", "fortunes", "--model", "char-transformer:1,32,2,32", "--optimizer", "adamw", "--policy", "FIX(k0=0.003)",
            "--steps", "20", "--batch", "16", "--eval-every", "10ba", "--threads", "1", "--train-limit", "200", "--test-limit", "50", "--out", Path.Combine(_dir, "train"));
        Assert.True(code == 0, err + output);
        Assert.Contains("fortunes: 200 training windows, 50 validation windows; char-transformer:1,32,2,32", output, StringComparison.Ordinal);
        Assert.Contains("task metric", output, StringComparison.Ordinal);
        Assert.Contains("Lowest validation loss", output, StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_that_does_not_fit_the_data_is_bad_input()
    {
        var (code, _, err) = Cli.Run("train", "--dataset", "fortunes", "--model", "lenet5", "--policy", "FIX(k0=0.01)", "--steps", "1", "--out", Path.Combine(_dir, "run"));
        Cli.AssertBadInput(code, err, "fortunes is a text corpus: its model is char-transformer");

        string study = Path.Combine(_dir, "bad.yaml");
        File.WriteAllText(study, """
            name: bad
            task:
              dataset: fashion-mnist
              model: char-transformer
            policies: ["FIX(k0=0.01)"]
            """);
        (code, _, err) = Cli.Run("study", "run", study);
        Cli.AssertBadInput(code, err, "bad.yaml:4: task.model: model 'char-transformer' is a language model");
    }
}
