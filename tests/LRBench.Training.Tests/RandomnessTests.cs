using LRBench.Schedules;

namespace LRBench.Training.Tests;

public sealed class RandomnessTests
{
    [Fact]
    public void Streams_are_reproducible_and_independent()
    {
        var a = SeededRandom.For(7, "epoch-order", 3).Permutation(100);
        var b = SeededRandom.For(7, "epoch-order", 3).Permutation(100);
        var c = SeededRandom.For(7, "epoch-order", 4).Permutation(100);
        var d = SeededRandom.For(8, "epoch-order", 3).Permutation(100);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.NotEqual(a, d);
        Assert.Equal(Enumerable.Range(0, 100), a.Order());
    }

    [Theory]
    [InlineData(0.2)]
    [InlineData(1.0)]
    [InlineData(3.5)]
    public void Gamma_and_beta_have_their_closed_form_means_and_variances(double shape)
    {
        const int n = 40000;
        var rng = new SeededRandom(42);
        var g = Enumerable.Range(0, n).Select(_ => rng.NextGamma(shape)).ToArray();
        Assert.InRange(g.Average(), shape * 0.97, shape * 1.03); // Gamma(k, 1): mean k
        var beta = Enumerable.Range(0, n).Select(_ => rng.NextBeta(shape, shape)).ToArray();
        Assert.All(beta, v => Assert.InRange(v, 0, 1));
        Assert.InRange(beta.Average(), 0.49, 0.51); // Beta(a, a): mean 1/2
        double variance = beta.Select(v => (v - 0.5) * (v - 0.5)).Average();
        double expected = 1 / (4 * ((2 * shape) + 1)); // ab / ((a+b)^2 (a+b+1)) with a = b
        Assert.InRange(variance, expected * 0.95, expected * 1.05);
    }

    [Fact]
    public void Uniform_integers_cover_the_range_evenly()
    {
        var rng = new SeededRandom(1);
        var counts = new int[6];
        for (int i = 0; i < 60000; i++) counts[rng.NextInt(6)]++;
        Assert.All(counts, c => Assert.InRange(c, 9600, 10400));
    }
}
