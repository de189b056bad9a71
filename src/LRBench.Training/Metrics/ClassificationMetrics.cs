namespace LRBench.Training.Metrics;

/// <summary>
/// The LRBench utility metrics of one evaluation (LRBench paper, Formulas 3 to 5), plus top-k accuracy and the
/// mean cross-entropy. Definitions, exactly as computed (docs/training.md says the same):
/// <list type="bullet">
/// <item>Top1: share of samples whose true class has the highest probability. Top5: share whose true class has fewer
/// than 5 classes with a strictly higher probability (ties count in the sample's favour).</item>
/// <item>AverageConfidence (AC): mean of p(true class) over the correctly classified samples; 0 if none is.</item>
/// <item>ConfidenceDeviation (CD): population standard deviation (divide by n) of those same probabilities; 0 if none.</item>
/// <item>ClassConfidenceDeviation (CDAC): population standard deviation, over the classes that occur in the evaluated
/// set, of AC_i, the average confidence of the correctly classified samples of class i; a class that occurs but has
/// no correctly classified sample has AC_i = 0 (so a model that gives up on a class is penalised, not excused).</item>
/// <item>Loss: mean over samples of -log p(true class) (plain cross-entropy, no label smoothing).</item>
/// </list>
/// </summary>
public sealed record ClassificationMetrics(
    int Samples, double Top1, double Top5, double AverageConfidence, double ConfidenceDeviation, double ClassConfidenceDeviation, double Loss)
{
    /// <summary>A task that is not classification: only its loss is measured; the classification metrics are NaN (shown as "–").</summary>
    public static ClassificationMetrics LossOnly(int samples, double loss) =>
        new(samples, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, loss);

    /// <summary>Computes every metric from per-sample log-probabilities (row-major, samples x classes) and labels.</summary>
    public static ClassificationMetrics Compute(ReadOnlySpan<float> logProbabilities, int classes, ReadOnlySpan<int> labels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        int n = labels.Length;
        if (n == 0) throw new ArgumentException("no samples to evaluate", nameof(labels));
        if (logProbabilities.Length != (long)n * classes)
            throw new ArgumentException($"{logProbabilities.Length} log-probabilities for {n} samples of {classes} classes", nameof(logProbabilities));

        int top1 = 0, top5 = 0;
        double lossSum = 0;
        var correctConfidences = new List<double>();
        var classSum = new double[classes];
        var classCorrect = new int[classes];
        var classPresent = new bool[classes];
        for (int i = 0; i < n; i++)
        {
            var row = logProbabilities.Slice(i * classes, classes);
            int y = labels[i];
            if ((uint)y >= (uint)classes) throw new ArgumentException($"label {y} of sample {i} is not a class 0..{classes - 1}", nameof(labels));
            classPresent[y] = true;
            float truth = row[y];
            lossSum -= truth;
            int higher = 0, higherOrEqualBefore = 0;
            for (int c = 0; c < classes; c++)
            {
                if (row[c] > truth) higher++;
                else if (c < y && row[c] == truth) higherOrEqualBefore++;
            }

            if (higher < 5) top5++;
            // Top-1 needs a unique winner in argmax order: a tie with an earlier class goes to that class, as argmax does.
            if (higher == 0 && higherOrEqualBefore == 0)
            {
                top1++;
                double p = Math.Exp(truth);
                correctConfidences.Add(p);
                classSum[y] += p;
                classCorrect[y]++;
            }
        }

        double ac = correctConfidences.Count == 0 ? 0 : correctConfidences.Average();
        double cd = PopulationStd(correctConfidences);
        var perClass = new List<double>();
        for (int c = 0; c < classes; c++)
        {
            if (classPresent[c]) perClass.Add(classCorrect[c] == 0 ? 0 : classSum[c] / classCorrect[c]);
        }

        return new ClassificationMetrics(n, (double)top1 / n, (double)top5 / n, ac, cd, PopulationStd(perClass), lossSum / n);
    }

    /// <summary>Standard deviation with divisor n (numpy's default, as the LRBench code uses); 0 for fewer than 2 values.</summary>
    public static double PopulationStd(IReadOnlyCollection<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count < 2) return 0;
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Count);
    }
}
