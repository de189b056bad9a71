using LRBench.Training.Metrics;

namespace LRBench.Training.Tests;

/// <summary>Every metric against values worked out by hand on small fixed inputs.</summary>
public sealed class MetricsTests
{
    private static float[] Log(params double[][] rows) => [.. rows.SelectMany(r => r.Select(p => (float)Math.Log(p)))];

    [Fact]
    public void Three_classes_four_samples_match_the_hand_computation()
    {
        // s0: correct (0.7), s1: correct (0.6), s2: true class 2 gets 0.2 and loses, s3: correct (0.7).
        var lp = Log([0.7, 0.2, 0.1], [0.1, 0.6, 0.3], [0.5, 0.3, 0.2], [0.2, 0.1, 0.7]);
        var m = ClassificationMetrics.Compute(lp, 3, [0, 1, 2, 2]);

        Assert.Equal(4, m.Samples);
        Assert.Equal(0.75, m.Top1, 12);
        Assert.Equal(1.0, m.Top5, 12); // 3 classes: the true class is always in the top 5
        // AC = (0.7 + 0.6 + 0.7) / 3
        Assert.Equal(2.0 / 3.0, m.AverageConfidence, 6);
        // CD = population std of {0.7, 0.6, 0.7} = sqrt(((1/30)^2 + (2/30)^2 + (1/30)^2) / 3) = sqrt(6/2700)
        Assert.Equal(Math.Sqrt(6.0 / 2700.0), m.ConfidenceDeviation, 6);
        // AC per class = {0.7, 0.6, 0.7} (class 2 only from s3): the same three numbers
        Assert.Equal(Math.Sqrt(6.0 / 2700.0), m.ClassConfidenceDeviation, 6);
        Assert.Equal(-(Math.Log(0.7) + Math.Log(0.6) + Math.Log(0.2) + Math.Log(0.7)) / 4, m.Loss, 6);
    }

    [Fact]
    public void A_class_with_no_correct_sample_counts_as_zero_confidence_and_absent_classes_are_left_out()
    {
        // 4 classes; class 3 never occurs. Class 1 occurs once and is misclassified.
        var lp = Log([0.9, 0.05, 0.03, 0.02], [0.6, 0.3, 0.05, 0.05], [0.1, 0.1, 0.5, 0.3]);
        var m = ClassificationMetrics.Compute(lp, 4, [0, 1, 2]);

        Assert.Equal(2.0 / 3.0, m.Top1, 12);
        Assert.Equal(0.7, m.AverageConfidence, 6); // (0.9 + 0.5) / 2
        Assert.Equal(0.2, m.ConfidenceDeviation, 6); // population std of {0.9, 0.5}
        // AC_i over present classes = {0.9, 0, 0.5}: mean 1.4/3, population std computed by hand
        double mean = 1.4 / 3;
        double cdac = Math.Sqrt((Math.Pow(0.9 - mean, 2) + Math.Pow(0 - mean, 2) + Math.Pow(0.5 - mean, 2)) / 3);
        Assert.Equal(cdac, m.ClassConfidenceDeviation, 6);
    }

    [Fact]
    public void Top5_counts_how_many_classes_beat_the_true_one()
    {
        // 7 classes. Sample 0: true class 6 has exactly 5 better classes -> miss. Sample 1: 4 better -> hit.
        double[] a = [0.2, 0.19, 0.18, 0.17, 0.16, 0.04, 0.06];
        double[] b = [0.3, 0.25, 0.2, 0.1, 0.04, 0.03, 0.08];
        var m = ClassificationMetrics.Compute(Log(a, b), 7, [6, 6]);
        Assert.Equal(0.5, m.Top5, 12);
        Assert.Equal(0.0, m.Top1, 12);
        Assert.Equal(0.0, m.AverageConfidence); // nothing correct: defined as 0
        Assert.Equal(0.0, m.ConfidenceDeviation);
    }

    [Fact]
    public void A_tie_for_first_place_goes_to_the_earlier_class_as_argmax_does()
    {
        var lp = Log([0.4, 0.4, 0.2], [0.4, 0.4, 0.2]);
        var m = ClassificationMetrics.Compute(lp, 3, [0, 1]);
        Assert.Equal(0.5, m.Top1, 12);
    }

    [Fact]
    public void Rejects_mismatched_inputs_with_a_message()
    {
        var e = Assert.Throws<ArgumentException>(() => ClassificationMetrics.Compute(new float[5], 3, [0, 1]));
        Assert.Contains("5 log-probabilities for 2 samples of 3 classes", e.Message, StringComparison.Ordinal);
        var bad = Assert.Throws<ArgumentException>(() => ClassificationMetrics.Compute(new float[6], 3, [0, 3]));
        Assert.Contains("label 3", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Population_std_divides_by_n()
    {
        Assert.Equal(2.0, ClassificationMetrics.PopulationStd([2, 4, 4, 4, 5, 5, 7, 9]), 12);
        Assert.Equal(0.0, ClassificationMetrics.PopulationStd([3.5]));
    }
}
