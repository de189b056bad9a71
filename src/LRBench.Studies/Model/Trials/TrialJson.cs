using System.Text.Json;
using System.Text.Json.Serialization;

namespace LRBench.Studies.Model.Trials;

/// <summary>
/// The canonical JSON of a <see cref="Trial"/>, as its row keeps it: camelCase properties in declaration order, the
/// policy as its one-line text. Reading checks what the store cannot: that the value parses, and that the key is
/// the hash of what the value says it trains (a row edited by hand is named, not run).
/// </summary>
public static class TrialJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        MaxDepth = 64,
    };

    /// <summary>The trial as canonical JSON.</summary>
    public static string Write(Trial trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        return JsonSerializer.Serialize(trial, Options);
    }

    /// <summary>Reads a stored trial; throws an <see cref="InvalidDataException"/> naming the problem.</summary>
    public static Trial Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        Trial? trial;
        try
        {
            trial = JsonSerializer.Deserialize<Trial>(json, Options);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"the stored trial is not valid: {e.Message}", e);
        }

        if (trial is null || trial.Training is null || trial.Method is null || trial.Training.Policy is null)
            throw new InvalidDataException("the stored trial is empty or incomplete");
        string key = Trial.KeyOf(trial.Policy, trial.Method, trial.Seed, trial.Curve);
        if (key != trial.Key)
            throw new InvalidDataException($"the stored trial's key {trial.Key} is not the hash of what it trains ({key}); the row was changed by hand");
        return trial;
    }
}
