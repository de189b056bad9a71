namespace LRBench.Studies.Storage;

/// <summary>A study row.</summary>
public sealed class StudyRow
{
    public long Id { get; set; }

    public string Name { get; set; } = "";

    public string Definition { get; set; } = "";

    public string? SourcePath { get; set; }

    public double? TargetAccuracy { get; set; }

    public string CreatedAt { get; set; } = "";
}
