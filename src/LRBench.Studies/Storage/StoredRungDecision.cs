using LRBench.Studies.Model.Results;

namespace LRBench.Studies.Storage;

/// <summary>A rung_decisions row as the database returns it, checked and turned into a <see cref="RungDecisionRow"/>.</summary>
internal sealed class StoredRungDecision
{
    /// <summary>A study's rung decisions, by trial and rung (parameter <c>@studyId</c>).</summary>
    public const string OfStudy =
        "SELECT trial_id, rung, step, probe_steps, score, decision, worker FROM rung_decisions WHERE study_id = @studyId ORDER BY trial_id, rung";

    public long TrialId { get; set; }
    public long Rung { get; set; }
    public long Step { get; set; }
    public long ProbeSteps { get; set; }
    public double? Score { get; set; }
    public string Decision { get; set; } = "";
    public string Worker { get; set; } = "";

    /// <param name="store">The store the row was read from (<see cref="StoreLocation.Display"/>), named if the row is damaged.</param>
    public RungDecisionRow ToRow(string store)
    {
        RungDecision decision;
        try
        {
            decision = RungDecisionText.Parse(Decision);
        }
        catch (InvalidDataException e)
        {
            throw new StoreException($"{store} is damaged: a rung decision of trial {TrialId} {e.Message}", e);
        }

        if (Rung is < 0 or > int.MaxValue || Step < 0 || ProbeSteps < 0)
            throw new StoreException($"{store} is damaged: a rung decision of trial {TrialId} rung {Rung}, step {Step} and probe length {ProbeSteps} must be non-negative");
        return new RungDecisionRow(TrialId, (int)Rung, Step, ProbeSteps, Score ?? double.NaN, decision, Worker);
    }
}
