using LRBench.Training.Engine;
using LRBench.Training.Metrics;
using TorchSharp;

namespace LRBench.Training.Tracking;

/// <summary>
/// Writes a run to TensorBoard event files with TorchSharp's <c>SummaryWriter</c>, in one run folder: the learning
/// rate and the training loss at every step (<c>train/lr</c>, <c>train/loss</c>), and at every evaluation top-1,
/// top-5, AC, CD, CDAC and the test loss (<c>eval/top1</c>, ...; the task's own metric as <c>eval/metric</c>). Steps
/// are the run's optimizer steps, so a resumed run continues its curves (TensorBoard shows the last value written for
/// a step that was repeated after a crash). Metrics a task does not have (NaN) are left out. The writer appends each
/// event to its file as it comes, so a killed run loses nothing written before.
/// </summary>
public sealed class TensorBoardObserver : ITrainingObserver
{
    private readonly TorchSharp.Modules.SummaryWriter _writer;
    private readonly TimeProvider _time;

    /// <summary>Writes into <paramref name="runDirectory"/> (created when missing); <paramref name="time"/> stamps the events.</summary>
    public TensorBoardObserver(string runDirectory, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        ArgumentException.ThrowIfNullOrEmpty(runDirectory);
        Directory.CreateDirectory(runDirectory);
        RunDirectory = runDirectory;
        _writer = torch.utils.tensorboard.SummaryWriter(runDirectory);
    }

    /// <summary>The run's folder.</summary>
    public string RunDirectory { get; }

    /// <inheritdoc />
    public void OnStep(StepProgress progress)
    {
        Scalar("train/lr", progress.LearningRate, progress.Step);
        Scalar("train/loss", progress.Loss, progress.Step);
    }

    /// <inheritdoc />
    public void OnEvaluation(EvaluationPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        var m = point.Metrics;
        Scalar("eval/top1", m.Top1, point.Step);
        Scalar("eval/top5", m.Top5, point.Step);
        Scalar("eval/ac", m.AverageConfidence, point.Step);
        Scalar("eval/cd", m.ConfidenceDeviation, point.Step);
        Scalar("eval/cdac", m.ClassConfidenceDeviation, point.Step);
        Scalar("eval/test_loss", m.Loss, point.Step);
        if (point.TaskMetric is double metric) Scalar("eval/metric", metric, point.Step);
    }

    private void Scalar(string tag, double value, long step)
    {
        if (!double.IsFinite(value)) return;
        // TensorBoard reads wall time as seconds since 1970; TorchSharp takes it as a float (so to about two minutes).
        _writer.add_scalar(tag, (float)value, checked((int)step), _time.GetUtcNow().ToUnixTimeSeconds());
    }

    /// <summary>
    /// A run folder's name made from a trial's label, method and seed: letters, digits, '-', '_', '.', '=' kept,
    /// anything else (spaces, slashes, brackets) turned into '_', at most 120 characters; never "." or "..".
    /// </summary>
    public static string RunName(string label, string method, long seed)
    {
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(method);
        string raw = $"{label}_{method}_seed{seed.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        var chars = raw.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '=' ? c : '_').ToArray();
        string name = new string(chars).Trim('.');
        if (name.Length > 120) name = name[..120];
        return name.Length == 0 ? "run" : name;
    }
}
