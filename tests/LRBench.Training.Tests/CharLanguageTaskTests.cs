using LRBench.Schedules;
using LRBench.Training.Data;
using LRBench.Training.Engine;
using LRBench.Training.Models;
using LRBench.Training.Optimization;
using LRBench.Training.Settings;
using LRBench.Training.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace LRBench.Training.Tests;

/// <summary>The character-level language-model workload: vocabulary, the fortunes corpus, the Transformer and its task.</summary>
public sealed class CharLanguageTaskTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lrbench-text-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_vocabulary_round_trips_printable_ascii_and_marks_everything_else_unknown()
    {
        string ascii = string.Concat(Enumerable.Range(' ', 95).Select(c => (char)c)) + "\n";
        Assert.Equal(ascii, CharVocabulary.Decode(CharVocabulary.Encode(ascii)));
        Assert.Equal(Enumerable.Range(2, 95).Select(i => (long)i).Append(CharVocabulary.Newline), CharVocabulary.Encode(ascii));
        Assert.Equal([CharVocabulary.Id(' '), CharVocabulary.Unknown, CharVocabulary.Unknown], CharVocabulary.Encode("\té\r"));
        Assert.Equal(CharVocabulary.Size - 1, CharVocabulary.Id('~'));
    }

    [Fact]
    public void Fortune_files_are_cut_at_percent_lines_and_every_tenth_fortune_is_held_out()
    {
        // 12 fortunes in "b", 9 in "a" (read first: ordinal order), an index and a link that are skipped.
        File.WriteAllText(Path.Combine(_dir, "a"), string.Join("\n%\n", Enumerable.Range(1, 9).Select(i => $"a{i} line one\n  line two")) + "\n%\n");
        File.WriteAllText(Path.Combine(_dir, "b"), "%\n" + string.Join("\n%\n", Enumerable.Range(1, 12).Select(i => $"b{i}")) + "\n");
        File.WriteAllText(Path.Combine(_dir, "a.dat"), "binary index");
        File.CreateSymbolicLink(Path.Combine(_dir, "a.u8"), Path.Combine(_dir, "a"));
        var corpus = TextCorpus.LoadFortunes(_dir);
        Assert.Equal((21, 2), (corpus.Documents, corpus.ValidationDocuments));
        Assert.Equal("b1\n%\nb11\n%\n", corpus.Validation); // the 10th (b1) and the 20th (b11)
        Assert.StartsWith("a1 line one\n  line two\n%\na2", corpus.Train, StringComparison.Ordinal);
        Assert.DoesNotContain("binary", corpus.Train, StringComparison.Ordinal);
        Assert.Equal(19, corpus.Train.Split("\n%\n").Length - 1);

        var e = Assert.Throws<DataException>(() => TextCorpus.LoadFortunes(Path.Combine(_dir, "missing")));
        Assert.Contains("install Debian's package fortunes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Debians_fortunes_load_as_a_corpus_with_a_tenth_held_out()
    {
        var corpus = DataCatalogue.LoadText(new DataOptions { Dataset = "fortunes" });
        Assert.Equal(corpus.Documents / TextCorpus.ValidationEvery, corpus.ValidationDocuments);
        Assert.InRange(corpus.Documents, 10_000, 20_000); // Debian 12's fortunes hold about 15,000
        Assert.InRange(corpus.Train.Length + corpus.Validation.Length, 2_000_000, 3_000_000);
        double held = (double)corpus.Validation.Length / (corpus.Train.Length + corpus.Validation.Length);
        Assert.InRange(held, 0.08, 0.12);
        double unknown = CharVocabulary.Encode(corpus.Train).Count(id => id == CharVocabulary.Unknown) / (double)corpus.Train.Length;
        Assert.InRange(unknown, 0, 0.001); // English text: nearly every character is in the vocabulary
    }

    [Fact]
    public void The_model_is_causal_and_has_the_closed_form_parameter_count()
    {
        var shape = new CharTransformerShape(2, 32, 4, 16);
        manual_seed(3);
        using var model = new CharTransformer(shape, CharVocabulary.Size);
        model.to(ScalarType.Float64);
        model.eval();
        Assert.Equal(CharTransformer.ParameterCount(shape, CharVocabulary.Size), model.parameters().Sum(p => p.numel()));
        Assert.Equal(116_705, CharTransformer.ParameterCount(CharTransformerShape.Default, CharVocabulary.Size));

        using var noGrad = no_grad();
        using var a = randint(0, CharVocabulary.Size, [2, 16], dtype: ScalarType.Int64);
        using var b = a.clone();
        b[0, 10] = tensor(a[0, 10].item<long>() == 5 ? 6L : 5L);
        using var la = model.forward(a);
        using var lb = model.forward(b);
        Assert.Equal(new long[] { 2, 16, CharVocabulary.Size }, la.shape);
        // Positions before the change see the same logits to the last bit; the changed one and later ones do not.
        Assert.True(la[0, ..10].allclose(lb[0, ..10], 0, 0));
        Assert.False(la[0, 10].allclose(lb[0, 10]));
        Assert.True(la[1].allclose(lb[1], 0, 0));
        // A prefix gives the same logits as the whole sequence at its positions.
        using var prefix = model.forward(a[.., ..7]);
        Assert.True(prefix.allclose(la[.., ..7], rtol: 1e-12, atol: 1e-12));
        Assert.Throws<ArgumentException>(() => model.forward(zeros([1, 17], ScalarType.Int64)));
    }

    [Fact]
    public void Windows_predict_the_next_character_and_an_untrained_model_is_near_uniform()
    {
        var corpus = new TextCorpus("t", string.Concat(Enumerable.Repeat("the quick brown fox jumps over the lazy dog\n", 200)), "held out text for validation, " + new string('x', 300), 20, 2);
        var task = CharLanguageTask.Create("char-transformer:1,32,2,16", corpus, new DataOptions { Dataset = "fortunes" });
        var source = (TensorBatchSource)task.Train;
        Assert.Equal((corpus.Train.Length - 1) / 16, source.Count);
        using (var noGrad = no_grad())
        {
            Assert.True(source.Targets[.., ..15].to_type(ScalarType.Float64).allclose(source.Inputs[.., 1..].to_type(ScalarType.Float64), 0, 0));
            Assert.True(source.Targets[..^1, 15].to_type(ScalarType.Float64).allclose(source.Inputs[1.., 0].to_type(ScalarType.Float64), 0, 0)); // windows are back to back
        }

        manual_seed(0);
        using var model = task.Model();
        var batch = source.Get(tensor(new long[] { 0, 1, 2, 3, 4, 5, 6, 7 }), CPU);
        using var logits = model.forward(batch.Input);
        double bits = CharLanguageTask.BitsPerCharacter(logits, batch.Target);
        using var nats = CharLanguageTask.CrossEntropy(logits, batch.Target);
        Assert.Equal(nats.item<float>() / Math.Log(2), bits, 1e-5);
        Assert.InRange(bits, Math.Log2(CharVocabulary.Size) - 0.1, Math.Log2(CharVocabulary.Size) + 0.1); // small initial logits

        Assert.Throws<DataException>(() => CharLanguageTask.Create("char-transformer", corpus, new DataOptions { Dataset = "fortunes", ValidationFraction = 0.1 }));
        Assert.Throws<ArgumentException>(() => CharLanguageTask.Create("char-transformer:2,30,4,64", corpus, new DataOptions()));
    }

    [Theory]
    [InlineData("fortunes", "lenet5", "fortunes is a text corpus")]
    [InlineData("fashion-mnist", "char-transformer", "is a language model")]
    [InlineData("fortunes", "char-transformer:2,64,4", "char-transformer:LAYERS,WIDTH,HEADS,CONTEXT")]
    [InlineData("fortunes", "char-transformer:2,4096,4,64", "at most")]
    public void A_model_that_cannot_train_on_the_data_is_refused(string dataset, string model, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => BuiltInTasks.CheckModel(dataset, model));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_char_transformer_learns_a_slice_of_the_fortunes_with_adamw()
    {
        var options = new TrainingOptions
        {
            Data = new DataOptions { Dataset = "fortunes", TrainLimit = 2000, EvaluationLimit = 200 },
            Model = "char-transformer",
            Optimizer = new OptimizerOptions { Name = "adamw", Beta2 = 0.99, WeightDecay = 0.1 },
            Policy = LRBench.Schedules.Specs.PolicySpec.Parse("warmup_cosine(peak_lr=0.01, warmup=10ba)"),
            Budget = Duration.Steps(80),
            BatchSize = 32,
            EvaluateEvery = Duration.Steps(40),
            EvaluateAtStart = true,
            Threads = 1,
        };
        var result = Trainer.Run(options);
        Assert.Equal(RunStatus.Completed, result.Status);
        var bits = result.Evaluations.Select(e => e.TaskMetric!.Value).ToList();
        Assert.Equal(Math.Log2(CharVocabulary.Size), bits[0], 0.1);
        Assert.All(result.Evaluations, e => Assert.Equal(e.Metrics.Loss / Math.Log(2), e.TaskMetric!.Value, 1e-9));
        // Below 4.6 bits: the character frequencies of the fortunes alone give 4.79 bits (their entropy), so the model
        // already uses the context; and still falling between the two evaluations.
        Assert.True(bits[^1] < 4.6 && bits[^1] < bits[1], $"bits/char at steps 0, 40, 80: {string.Join(", ", bits)}");
    }
}
