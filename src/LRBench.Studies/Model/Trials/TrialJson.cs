using System.Text.Json;
using System.Text.Json.Serialization;

namespace LRBench.Studies.Model.Trials;

/// <summary>
/// The canonical JSON of a <see cref="Trial"/>, as its row keeps it: camelCase properties in declaration order, the
/// policy as its one-line text. Reading checks that the value parses and is complete; it does not hash the value
/// again (readers of thousands of rows need not): the key is checked against what the trial trains once, before it
/// is trained (<see cref="Trial.CheckKey"/>), where a row edited by hand would do harm.
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
        return trial;
    }
}
