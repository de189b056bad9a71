using System.Text.Json;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Results;

namespace LRBench.Studies.Storage;

/// <summary>A studies row as the database returns it, checked and turned into the immutable <see cref="StudyRow"/>.</summary>
internal sealed class StoredStudy
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public string Definition { get; set; } = "";
    public string? SourcePath { get; set; }
    public double? TargetAccuracy { get; set; }
    public string CreatedAt { get; set; } = "";
    public string? Kind { get; set; }
    public string? Tradeoff { get; set; }

    public string? Metric { get; set; }

    public string? Pruner { get; set; }

    public string? Search { get; set; }

    public string? Racer { get; set; }

    /// <param name="store">The store the row was read from (<see cref="StoreLocation.Display"/>), named if the row is damaged.</param>
    public StudyRow ToRow(string store)
    {
        TradeoffDefinition? tradeoff = null;
        if (Kind == StudyKinds.Tradeoff)
        {
            try
            {
                tradeoff = JsonSerializer.Deserialize<TradeoffDefinition>(Tradeoff ?? "null") ?? throw new InvalidDataException("it has no tradeoff layout");
            }
            catch (Exception e) when (e is JsonException or InvalidDataException)
            {
                throw new StoreException($"{store} is damaged: study {Id} its tradeoff layout does not read ({e.Message})", e);
            }
        }
        else if (Kind != StudyKinds.Policies)
        {
            throw new StoreException($"{store} is damaged: study {Id} '{Kind}' is not a kind of study (policies or tradeoff)");
        }

        return new StudyRow
        {
            Id = Id, Name = Name, Definition = Definition, SourcePath = SourcePath, TargetAccuracy = TargetAccuracy, CreatedAt = CreatedAt, Tradeoff = tradeoff,
            Metric = Metric is null ? null : ReadMetric(Metric, store),
            Pruner = Pruner is null ? null : ReadPruner(Pruner, store),
            Searches = Search is null ? [] : ReadSearches(Search, store),
            Racer = Racer is null ? null : ReadRacer(Racer, store),
        };
    }

    private IReadOnlyList<BayesianSearch> ReadSearches(string json, string store)
    {
        List<BayesianSearch>? searches;
        try
        {
            searches = JsonSerializer.Deserialize<List<BayesianSearch>>(json);
        }
        catch (JsonException e)
        {
            throw new StoreException($"{store} is damaged: study {Id} its searches do not read ({e.Message})", e);
        }

        foreach (var s in searches ?? [])
        {
            bool ok = s.Trials is >= 1 and <= LRBench.Studies.Definition.StudyParser.MaxTrials && s.Initial >= 1 && s.Initial <= s.Trials && s.Space is { Count: > 0 } && s.Space.All(p => p.Distribution switch
            {
                SearchDistribution.LogUniform => p.Low > 0 && p.Low < p.High && double.IsFinite(p.High),
                SearchDistribution.Uniform => p.Low < p.High && double.IsFinite(p.Low) && double.IsFinite(p.High),
                _ => p.Choices is { Count: > 0 } && p.Choices.All(double.IsFinite),
            });
            if (!ok) throw new StoreException($"{store} is damaged: study {Id} search '{s.Id}' needs 1 to {LRBench.Studies.Definition.StudyParser.MaxTrials} settings, 1 or more random ones among them, and a non-empty space of finite ranges");
        }

        return searches ?? throw new StoreException($"{store} is damaged: study {Id} its searches are null");
    }

    private RacerDefinition ReadRacer(string json, string store)
    {
        RacerDefinition? racer;
        try
        {
            racer = JsonSerializer.Deserialize<RacerDefinition>(json);
        }
        catch (JsonException e)
        {
            throw new StoreException($"{store} is damaged: study {Id} its racer does not read ({e.Message})", e);
        }

        if (racer is null || !RacerDefinition.Tests.Contains(racer.Test) || !(racer.Alpha > 0 && racer.Alpha < 0.5) || racer.Seeds is null
            || racer.Seeds.Count < 2 || racer.Seeds.Distinct().Count() != racer.Seeds.Count || racer.FirstSeeds < 1 || racer.FirstSeeds >= racer.Seeds.Count
            || !RacerDefinition.Screens.Contains(racer.Screen) || !(racer.MaxCompute > 0 && racer.MaxCompute <= 1))
        {
            throw new StoreException($"{store} is damaged: study {Id} its racer needs a test ({string.Join(", ", RacerDefinition.Tests)}), alpha in (0, 0.5), 2 or more distinct seeds, first_seeds below their count, a screen ({string.Join(", ", RacerDefinition.Screens)}) and max_compute in (0, 1]");
        }

        return racer;
    }

    private PrunerDefinition ReadPruner(string json, string store)
    {
        try
        {
            return StoredPruner.Read(json);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new StoreException($"{store} is damaged: study {Id} its pruner does not read ({e.Message})", e);
        }
    }

    private StudyMetric ReadMetric(string json, string store)
    {
        StudyMetric? metric;
        try
        {
            metric = JsonSerializer.Deserialize<StudyMetric>(json);
        }
        catch (JsonException e)
        {
            throw new StoreException($"{store} is damaged: study {Id} its metric does not read ({e.Message})", e);
        }

        if (metric?.Name is not { Length: > 0 and <= StudyMetric.MaxNameLength } name || name.Any(char.IsControl))
            throw new StoreException($"{store} is damaged: study {Id} its metric needs a name of 1 to {StudyMetric.MaxNameLength} printable characters");
        return metric;
    }
}
