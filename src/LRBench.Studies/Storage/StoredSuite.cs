using System.Text.Json;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Suites;

namespace LRBench.Studies.Storage;

/// <summary>
/// A suites row's JSON: what a suite file says about scoring across its workloads (the workloads' own studies are
/// stored as studies). Read back checked like any other stored value: a name that is not a suite's or a workload's,
/// a study of another name, a target or τ_max that is not a number in range is the store's damage.
/// </summary>
internal static class StoredSuite
{
    private sealed record Json(IReadOnlyList<SuiteRecordWorkload> Workloads, IReadOnlyList<string> Policies, double TargetOfBest, double TauMax);

    public static string Write(SuiteDefinition suite) => JsonSerializer.Serialize(new Json(
        [.. suite.Workloads.Select(w => new SuiteRecordWorkload(w.Name, w.Study.Name, w.Target, w.StudyText))], suite.Policies, suite.TargetOfBest, suite.TauMax));

    public static SuiteRecord Read(long id, string name, string json, string recordedAt, string store)
    {
        string Damage(string what) => $"{store} is damaged: suite {id}'s {what}";
        if (!StudyName.IsValid(name) || name.Contains('.', StringComparison.Ordinal)) throw new StoreException(Damage("name is not a suite's name"));
        Json? value;
        try
        {
            value = JsonSerializer.Deserialize<Json>(json);
        }
        catch (JsonException e)
        {
            throw new StoreException(Damage($"definition is not valid JSON ({e.Message})"), e);
        }

        if (value?.Workloads is not { Count: > 0 } workloads || workloads.Any(w => w is null)) throw new StoreException(Damage("definition has no workloads"));
        if (value.Policies is not { Count: > 0 } policies || policies.Any(string.IsNullOrWhiteSpace)) throw new StoreException(Damage("definition has no policies"));
        foreach (var w in workloads)
        {
            if (w.Name is null || !StudyName.IsValid(w.Name) || w.Study != SuiteDefinition.StudyNameOf(name, w.Name))
                throw new StoreException(Damage($"workload '{w.Name}' does not name its study {name}.WORKLOAD"));
            if (w.Target is double t && !double.IsFinite(t)) throw new StoreException(Damage($"workload {w.Name}'s target is not a number"));
            if (string.IsNullOrWhiteSpace(w.StudyText)) throw new StoreException(Damage($"workload {w.Name} has no study text"));
        }

        if (workloads.Select(w => w.Name).Distinct(StringComparer.Ordinal).Count() != workloads.Count) throw new StoreException(Damage("definition names a workload twice"));
        if (!(value.TargetOfBest > 0 && value.TargetOfBest <= 1)) throw new StoreException(Damage("target_of_best is not a fraction in (0, 1]"));
        if (!(value.TauMax > 1 && value.TauMax <= 1000)) throw new StoreException(Damage("tau_max is not in (1, 1000]"));
        return new SuiteRecord(id, name, workloads, policies, value.TargetOfBest, value.TauMax, recordedAt);
    }
}
