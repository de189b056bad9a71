using System.Text.Json;
using LRBench.Studies.Definition;

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

    public StudyRow ToRow()
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
                throw new StoreException($"study {Id} in the store is damaged: its tradeoff layout does not read ({e.Message})", e);
            }
        }
        else if (Kind != StudyKinds.Policies)
        {
            throw new StoreException($"study {Id} in the store is damaged: '{Kind}' is not a kind of study (policies or tradeoff)");
        }

        return new StudyRow { Id = Id, Name = Name, Definition = Definition, SourcePath = SourcePath, TargetAccuracy = TargetAccuracy, CreatedAt = CreatedAt, Tradeoff = tradeoff };
    }
}
