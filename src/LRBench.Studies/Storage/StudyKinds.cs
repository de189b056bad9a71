namespace LRBench.Studies.Storage;

/// <summary>The studies.kind column's values.</summary>
internal static class StudyKinds
{
    public const string Policies = "policies";
    public const string Tradeoff = "tradeoff";
}
