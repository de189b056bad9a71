using LRBench.Schedules.Catalogue;
using LRBench.Schedules;
using LRBench.Schedules.Specs;
using LRBench.Training.Driving;
using LRBench.Training.Optimization;
using TorchSharp;
using static LRBench.Training.Tests.GradientSteps;
using static TorchSharp.torch;

namespace LRBench.Training.Tests;

/// <summary>
/// LAMB and AdamP against steps computed by hand: closed forms where the algebra is short, and otherwise a scalar
/// re-derivation of each paper's update in plain double loops (no tensors), over several steps with changing gradients.
/// </summary>
public sealed class LambAdamPTests
{
    private static double[] Values(Tensor t) => t.detach().to_type(float64).data<double>().ToArray();

    [Fact]
    public void Lamb_first_step_closed_form_the_trust_ratio_cancels_epsilon()
    {
        // Step 1: m_hat = g, v_hat = g^2, so u = g / (|g| + eps) = sign(g) / (1 + eps) for |g| = 1, and the trust
        // ratio ||w|| / ||u|| = 5 (1 + eps) / sqrt(2): the update is lr 5 / sqrt(2) sign(g), whatever eps is.
        var w = nn.Parameter(tensor(new double[] { 3, 4 }, dtype: float64));
        using var opt = new Lamb([w], new MomentOptions { LearningRate = 0.1, Epsilon = 1e-6, WeightDecay = 0 });
        StepWithGradient(opt, w, [1, -1]);
        double d = 0.1 * 5 / Math.Sqrt(2);
        var got = Values(w);
        Assert.Equal(3 - d, got[0], 12);
        Assert.Equal(4 + d, got[1], 12);
    }

    [Fact]
    public void AdamP_first_step_closed_forms_with_and_without_projection()
    {
        // Rows of w are unit vectors; gradients orthogonal to them make the channel-wise cosine 0 < 0.1 / sqrt(3):
        // scale-invariant, so weight decay is scaled by 0.1 and the (already tangent) step is unchanged.
        var w = nn.Parameter(tensor(new double[] { 1, 0, 0, 0, 1, 0 }, dtype: float64).reshape(2, 3));
        using (var opt = new AdamP([w], new AdamPOptions { LearningRate = 0.1, WeightDecay = 0.5, Epsilon = 1e-12 }))
        {
            StepWithGradient(opt, w, [0, 1, 0, 0, 0, 2]);
        }

        double keep = 1 - (0.1 * 0.5 * 0.1);
        Assert.Equal(new[] { keep, -0.1, 0, 0, keep, -0.1 }, Values(w), new ToleranceComparer(1e-10));

        // Gradients parallel to the rows: cosine 1, no projection, full weight decay.
        var v = nn.Parameter(tensor(new double[] { 1, 0, 0, 0, 1, 0 }, dtype: float64).reshape(2, 3));
        using (var opt = new AdamP([v], new AdamPOptions { LearningRate = 0.1, WeightDecay = 0.5, Epsilon = 1e-12 }))
        {
            StepWithGradient(opt, v, [2, 0, 0, 0, 3, 0]);
        }

        double full = 1 - (0.1 * 0.5);
        Assert.Equal(new[] { full - 0.1, 0, 0, 0, full - 0.1, 0 }, Values(v), new ToleranceComparer(1e-10));
    }

    public static TheoryData<string, bool> Cases => new()
    {
        { "lamb", false },
        { "adamp", false },
        { "adamp", true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Five_steps_match_the_scalar_derivation(string which, bool nesterov)
    {
        // A 3x4 weight (rank 2: AdamP's projection applies) and a bias (rank 1: it never does), gradients that turn
        // from nearly orthogonal to the weight's rows to parallel, so both branches of AdamP's test are taken.
        double[] w0 = [0.5, -0.2, 0.1, 0.3, -0.4, 0.2, 0.6, -0.1, 0.05, 0.3, -0.2, 0.7];
        double[] b0 = [0.1, -0.3, 0.2];
        var w = nn.Parameter(tensor(w0, dtype: float64).reshape(3, 4));
        var b = nn.Parameter(tensor(b0, dtype: float64));
        const double lr = 0.05, b1 = 0.9, b2 = 0.99, eps = 1e-8, wd = 0.01;
        using torch.optim.Optimizer opt = which == "lamb"
            ? new Lamb([w, b], new MomentOptions { LearningRate = lr, Beta1 = b1, Beta2 = b2, Epsilon = eps, WeightDecay = wd })
            : new AdamP([w, b], new AdamPOptions { LearningRate = lr, Beta1 = b1, Beta2 = b2, Epsilon = eps, WeightDecay = wd, Nesterov = nesterov });
        var refW = new ScalarMoments(w0, rows: 3);
        var refB = new ScalarMoments(b0, rows: 0);

        for (int t = 1; t <= 5; t++)
        {
            var gw = new double[12];
            var gb = new double[3];
            for (int i = 0; i < 12; i++) gw[i] = (t <= 2 ? Orthogonal(refW.X, i) : refW.X[i]) + (0.01 * Math.Sin(i + t));
            for (int i = 0; i < 3; i++) gb[i] = Math.Cos((3 * i) + t);
            opt.zero_grad();
            using (NewDisposeScope())
            {
                var loss = stack([(w * tensor(gw, dtype: float64).reshape(3, 4)).sum(), (b * tensor(gb, dtype: float64)).sum()]).sum();
                loss.backward();
                opt.step();
            }

            if (which == "lamb")
            {
                refW.LambStep(gw, lr, b1, b2, eps, wd);
                refB.LambStep(gb, lr, b1, b2, eps, wd);
            }
            else
            {
                refW.AdamPStep(gw, lr, b1, b2, eps, wd, nesterov);
                refB.AdamPStep(gb, lr, b1, b2, eps, wd, nesterov);
            }

            Assert.Equal(refW.X, Values(w), new ToleranceComparer(1e-12));
            Assert.Equal(refB.X, Values(b), new ToleranceComparer(1e-12));
        }

        if (which == "adamp")
        {
            Assert.Contains(true, refW.Projected);  // the nearly orthogonal steps were projected
            Assert.Contains(false, refW.Projected); // the parallel ones were not
        }
    }

    // Row r of a 3x4 matrix turned into a vector orthogonal to that row: (x1, -x0, x3, -x2) has dot product 0 with it.
    private static double Orthogonal(double[] x, int i)
    {
        int r = i / 4, c = i % 4, pair = c ^ 1;
        return (c % 2 == 0 ? 1 : -1) * x[(r * 4) + pair];
    }

    [Fact]
    public void The_policy_driver_sets_their_lr_and_beta1_and_checkpoints_restore_them()
    {
        var schedule = BuiltInPolicies.Registry.Compile("OneCycleLR(max_lr=0.01, total_steps=20)", new RunClock(TotalSteps: 20));
        foreach (string name in new[] { "lamb", "adamp" })
        {
            using var model = nn.Linear(4, 2);
            using var opt = OptimizerFactory.Create(new OptimizerOptions { Name = name }, model.parameters(), 0.01);
            var driver = new PolicyDriver(opt, schedule);
            for (int t = 0; t < 5; t++) driver.Step();
            var group = opt.ParamGroups.Single();
            Assert.Equal(schedule.LearningRate(5), group.LearningRate, 15);
            Assert.Equal(schedule.Momentum(5)!.Value, ((torch.optim.IBetas)group).Betas.Item1, 15);

            // Moments survive save/load: a restored optimizer takes the same next step.
            using var x = torch.randn(8, 4, generator: new Generator(3));
            nn.functional.mse_loss(model.forward(x), torch.zeros(8, 2)).backward();
            opt.step();
            string path = Path.Combine(Path.GetTempPath(), $"lrbench-{name}-{Guid.NewGuid():N}.bin");
            opt.save_state_dict(path);
            using var copy = nn.Linear(4, 2);
            copy.load_state_dict(model.state_dict());
            using var opt2 = OptimizerFactory.Create(new OptimizerOptions { Name = name }, copy.parameters(), 0.01);
            opt2.load_state_dict(path);
            File.Delete(path);
            foreach (var (m, o) in new[] { (model, opt), (copy, opt2) })
            {
                o.zero_grad();
                nn.functional.mse_loss(m.forward(x), torch.zeros(8, 2)).backward();
                o.step();
            }

            Assert.True(model.weight!.allclose(copy.weight!, rtol: 0, atol: 0), name);
        }
    }

    [Fact]
    public void Bad_settings_are_refused_with_the_allowed_range()
    {
        using var model = nn.Linear(2, 2);
        var e = Assert.Throws<ArgumentException>(() => OptimizerFactory.Create(new OptimizerOptions { Name = "lamb", Beta1 = 1.0 }, model.parameters(), 0.01));
        Assert.Contains("beta1 must be in [0, 1)", e.Message);
        var n = Assert.Throws<ArgumentException>(() => OptimizerFactory.Create(new OptimizerOptions { Name = "lamb", Nesterov = true }, model.parameters(), 0.01));
        Assert.Contains("adamp", n.Message);
    }

    /// <summary>One parameter tensor updated by each paper's formulas, element by element.</summary>
    private sealed class ScalarMoments(double[] x, int rows)
    {
        private readonly double[] _m = new double[x.Length];
        private readonly double[] _v = new double[x.Length];
        private int _t;

        public double[] X { get; } = (double[])x.Clone();

        public List<bool> Projected { get; } = [];

        private (double Bc1, double Bc2) Moments(double[] g, double b1, double b2)
        {
            _t++;
            for (int i = 0; i < X.Length; i++)
            {
                _m[i] = (b1 * _m[i]) + ((1 - b1) * g[i]);
                _v[i] = (b2 * _v[i]) + ((1 - b2) * g[i] * g[i]);
            }

            return (1 - Math.Pow(b1, _t), 1 - Math.Pow(b2, _t));
        }

        public void LambStep(double[] g, double lr, double b1, double b2, double eps, double wd)
        {
            var (bc1, bc2) = Moments(g, b1, b2);
            var u = new double[X.Length];
            for (int i = 0; i < X.Length; i++) u[i] = (_m[i] / bc1 / (Math.Sqrt(_v[i] / bc2) + eps)) + (wd * X[i]);
            double xn = Norm(X), un = Norm(u);
            double trust = xn > 0 && un > 0 ? xn / un : 1;
            for (int i = 0; i < X.Length; i++) X[i] -= lr * trust * u[i];
        }

        public void AdamPStep(double[] g, double lr, double b1, double b2, double eps, double wd, bool nesterov)
        {
            var (bc1, bc2) = Moments(g, b1, b2);
            var p = new double[X.Length];
            for (int i = 0; i < X.Length; i++)
            {
                double denom = (Math.Sqrt(_v[i]) / Math.Sqrt(bc2)) + eps;
                p[i] = (nesterov ? (b1 * _m[i]) + ((1 - b1) * g[i]) : _m[i]) / denom;
            }

            double ratio = 1;
            bool projected = false;
            if (rows > 0)
            {
                foreach (int r in new[] { rows, 1 })
                {
                    int len = X.Length / r;
                    bool invariant = true;
                    for (int k = 0; k < r && invariant; k++)
                    {
                        var xs = X.AsSpan(k * len, len);
                        var gs = g.AsSpan(k * len, len);
                        double cos = Math.Abs(Dot(xs, gs)) / Math.Max(Norm(xs) * Norm(gs), eps);
                        invariant = cos < 0.1 / Math.Sqrt(len);
                    }

                    if (!invariant) continue;
                    for (int k = 0; k < r; k++)
                    {
                        var xs = X.AsSpan(k * len, len);
                        double n = Norm(xs) + eps;
                        double dot = 0;
                        for (int j = 0; j < len; j++) dot += xs[j] / n * p[(k * len) + j];
                        for (int j = 0; j < len; j++) p[(k * len) + j] -= xs[j] / n * dot;
                    }

                    ratio = 0.1;
                    projected = true;
                    break;
                }

                Projected.Add(projected);
            }

            for (int i = 0; i < X.Length; i++) X[i] = (X[i] * (1 - (lr * wd * ratio))) - (lr / bc1 * p[i]);
        }

        private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
        {
            double s = 0;
            for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
            return s;
        }

        private static double Norm(ReadOnlySpan<double> a) => Math.Sqrt(Dot(a, a));
    }
}
