using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LRBench.Training.Engine;

/// <summary>Writes a run's results as JSON (everything) and CSV (one row per evaluation point).</summary>
public static class ResultFiles
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals, // a diverged run's NaN loss is data
        Converters = { new JsonStringEnumConverter() },
    };

    public static readonly IReadOnlyList<string> CsvColumns =
    [
        "step", "epoch", "lr", "top1", "top5", "ac", "cd", "cdac", "test_loss", "train_loss", "ld",
        "best_top1", "best_top1_step", "wall_s", "compute_s", "eval_s",
    ];

    public static void WriteJson(TrainingResult result, string path) =>
        File.WriteAllText(path, JsonSerializer.Serialize(result, Json));

    public static void WriteCsv(TrainingResult result, string path)
    {
        ArgumentNullException.ThrowIfNull(result);
        var sb = new StringBuilder();
        sb.AppendLine(string.Join(',', CsvColumns));
        foreach (var p in result.Evaluations)
        {
            var m = p.Metrics;
            double[] values =
            [
                p.Step, p.Epoch, p.LearningRate, m.Top1, m.Top5, m.AverageConfidence, m.ConfidenceDeviation, m.ClassConfidenceDeviation,
                m.Loss, p.TrainLoss, p.LossDifference, p.BestTop1, p.BestTop1Step, p.WallSeconds, p.ComputeSeconds, p.EvaluationSeconds,
            ];
            sb.AppendLine(string.Join(',', values.Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
        }

        File.WriteAllText(path, sb.ToString());
    }
}
