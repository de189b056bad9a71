using System.Text.Json;
using System.Text.Json.Serialization;
using LRBench.Studies.Model.Results;

namespace LRBench.Studies.Storage;

/// <summary>A range_tests row's JSON: written with NaN allowed (a diverged sweep), read back checked.</summary>
internal static class StoredRangeTest
{
    public static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static RangeTestResult Read(long studyId, string json, string store)
    {
        RangeTestResult? result;
        try
        {
            result = JsonSerializer.Deserialize<RangeTestResult>(json, Json);
        }
        catch (JsonException e)
        {
            throw new StoreException($"{store} is damaged: study {studyId}'s range test {e.Message}", e);
        }

        if (result?.LearningRates is not { Count: > 0 } lrs || result.Losses?.Count != lrs.Count || result.Smoothed?.Count != lrs.Count || result.Suggestions is null)
            throw new StoreException($"{store} is damaged: study {studyId}'s range test it needs as many losses and smoothed losses as learning rates");
        return result;
    }
}
