using TorchSharp;
using LRBench.Training.Data;
using LRBench.Training.Models;
using static TorchSharp.torch;

namespace LRBench.Training.Tests;

/// <summary>Architectures checked by parameter counts derived by hand from their definitions, and by output shapes.</summary>
public sealed class ModelTests
{
    [Theory]
    // LeNet-5 on 28x28: conv1 6*25+6, conv2 16*6*25+16, fc1 400*120+120, fc2 120*84+84, fc3 84*10+10.
    [InlineData("lenet5", 1, 28, 156 + 2416 + 48120 + 10164 + 850)]
    // CNN3 (Caffe cifar10_quick) on 32x32x3: conv 3*32*25+32, 32*32*25+32, 32*64*25+64, ip1 (64*4*4)*64+64, ip2 64*10+10.
    [InlineData("cnn3", 3, 32, 2432 + 25632 + 51264 + 65600 + 650)]
    // ResNet-20 (option A): stem 432 + bn 32; stage 1: 3 x (2 x 2304 + 64); stage 2: 13952 + 2 x 18560; stage 3: 55552 + 2 x 73984; fc 650.
    [InlineData("resnet20", 3, 32, 269_722)]
    // ResNet-32: the same with 5 blocks per stage.
    [InlineData("resnet32", 3, 32, 464_154)]
    // Caffe's MNIST LeNet: conv1 20*25+20, conv2 50*20*25+50, ip1 (50*4*4)*500+500, ip2 500*10+10.
    [InlineData("lenet-caffe", 1, 28, 520 + 25_050 + 400_500 + 5010)]
    // MLP 784-256-128-10.
    [InlineData("mlp", 1, 28, (784 * 256) + 256 + (256 * 128) + 128 + (128 * 10) + 10)]
    [InlineData("mlp:32", 1, 28, (784 * 32) + 32 + (32 * 10) + 10)]
    public void Parameter_counts_match_the_architectures(string name, int channels, int size, long expected)
    {
        using var model = ModelZoo.Create(name, new ImageShape(channels, size, size), 10);
        Assert.Equal(expected, ModelZoo.ParameterCount(model));
    }

    [Theory]
    [InlineData("mlp")]
    [InlineData("lenet5")]
    [InlineData("lenet-caffe")]
    [InlineData("cnn3")]
    [InlineData("resnet20")]
    public void Every_model_takes_any_image_shape_and_class_count_from_the_data(string name)
    {
        foreach (var (shape, classes) in new[] { (new ImageShape(1, 28, 28), 10), (new ImageShape(3, 32, 32), 7) })
        {
            using var scope = NewDisposeScope();
            using var model = ModelZoo.Create(name, shape, classes);
            model.train();
            var y = model.forward(randn(5, shape.Channels, shape.Height, shape.Width));
            Assert.Equal([5L, classes], y.shape);
            Assert.True(y.isfinite().all().item<bool>());
        }
    }

    [Fact]
    public void Unknown_or_malformed_model_names_list_what_exists()
    {
        var e = Assert.Throws<ArgumentException>(() => ModelZoo.Create("vgg16", new ImageShape(1, 28, 28), 10));
        Assert.Contains("known: mlp, lenet5, lenet-caffe, cnn3, resnet20, resnet32", e.Message, StringComparison.Ordinal);
        Assert.Contains("6n + 2", Assert.Throws<ArgumentException>(() => ModelZoo.Create("resnet21", new ImageShape(1, 28, 28), 10)).Message, StringComparison.Ordinal);
        Assert.Contains("positive integers", Assert.Throws<ArgumentException>(() => ModelZoo.Create("mlp:12,x", new ImageShape(1, 28, 28), 10)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Caffe_lenet_starts_from_caffes_xavier_filler_with_zero_biases()
    {
        // Caffe's "xavier" filler (variance_norm FAN_IN): U(-a, a) with a = sqrt(3 / fan_in), so the variance is
        // a^2 / 3 = 1 / fan_in; fan_in is in * k * k for a convolution and in for a fully connected layer.
        manual_seed(3);
        using var model = ModelZoo.Create("lenet-caffe", new ImageShape(1, 28, 28), 10);
        var fanIns = new Dictionary<string, long> { ["conv1"] = 25, ["conv2"] = 500, ["ip1"] = 800, ["ip2"] = 500 };
        foreach (var (name, p) in model.named_parameters())
        {
            using var scope = NewDisposeScope();
            if (name.EndsWith("bias", StringComparison.Ordinal))
            {
                Assert.Equal(0.0, p.abs().max().item<float>());
                continue;
            }

            long fanIn = fanIns.Single(kv => name.Contains(kv.Key, StringComparison.Ordinal)).Value;
            double a = Math.Sqrt(3.0 / fanIn);
            Assert.True(p.abs().max().item<float>() <= a, $"{name}: |w| above sqrt(3 / {fanIn})");
            if (p.numel() >= 10_000)
            {
                double variance = p.to_type(ScalarType.Float64).var().item<double>();
                Assert.InRange(variance * fanIn, 0.97, 1.03); // 1 / fan_in, within sampling error of 25,000+ draws
            }
        }
    }

    [Fact]
    public void Unfold_convolution_computes_what_conv2d_computes()
    {
        manual_seed(5);
        using var conv = new UnfoldConv2d(3, 4, 5);
        using var scope = NewDisposeScope();
        conv.to(ScalarType.Float64);
        using (no_grad())
        {
            conv.weight.copy_(randn(4, 3, 5, 5, ScalarType.Float64));
            conv.bias.copy_(randn(4, ScalarType.Float64));
        }

        var x = randn(2, 3, 9, 11, ScalarType.Float64);
        var expected = nn.functional.conv2d(x, conv.weight, conv.bias);
        var actual = conv.forward(x);
        Assert.Equal(expected.shape, actual.shape);
        Assert.True(actual.allclose(expected, rtol: 1e-12, atol: 1e-12));
    }

    [Fact]
    public void Safe_batch_norm_normalises_each_channel_and_moves_its_running_statistics_by_a_tenth()
    {
        // Channel c holds the values c + {0, 2, 4, 6} (mean c + 3, biased variance 5, unbiased 20/3). Training mode
        // outputs (x - mean) / sqrt(5 + eps); running mean 0.9 * 0 + 0.1 * (c + 3), running var 0.9 * 1 + 0.1 * 20/3.
        using var norm = new SafeBatchNorm2d(2);
        var x = tensor(new float[] { 0, 2, 4, 6, 1, 3, 5, 7 }).reshape(1, 2, 2, 2);
        norm.train();
        var y = norm.forward(x).data<float>().ToArray();
        double[] centred = [-3, -1, 1, 3];
        for (int i = 0; i < 8; i++) Assert.Equal(centred[i % 4] / Math.Sqrt(5 + 1e-5), y[i], 5);
        var buffers = norm.named_buffers().ToDictionary(b => b.name, b => b.buffer.data<float>().ToArray());
        Assert.Equal([0.3f, 0.4f], buffers["running_mean"]);
        Assert.Equal(0.9 + (0.1 * 20 / 3), buffers["running_var"][0], 5);

        // Evaluation mode uses the running statistics.
        norm.eval();
        var z = norm.forward(x).data<float>().ToArray();
        Assert.Equal((0 - 0.3) / Math.Sqrt(0.9 + (0.1 * 20 / 3) + 1e-5), z[0], 5);
    }
}
