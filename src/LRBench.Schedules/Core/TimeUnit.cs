namespace LRBench.Schedules;

/// <summary>Units of training time, as MosaicML composer writes them: <c>ba</c> (optimizer steps), <c>ep</c>, <c>dur</c>.</summary>
public enum TimeUnit
{
    /// <summary>Optimizer steps (batches). Written <c>100ba</c>, or a plain number.</summary>
    Steps,
    /// <summary>Epochs; fractions allowed. Written <c>8ep</c>.</summary>
    Epochs,
    /// <summary>A fraction of the whole run. Written <c>0.2dur</c>.</summary>
    FractionOfRun,
}
