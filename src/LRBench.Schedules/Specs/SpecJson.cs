using System.Text.Json;

namespace LRBench.Schedules.Specs;

/// <summary>
/// The JSON form: <c>{"policy": "TRI2", "params": {"k0": 0.001, ...}}</c>. A golden case object is accepted as is:
/// <c>{"source": "torch.optim.lr_scheduler.OneCycleLR", "params": {...}}</c>, parameters may also sit next to
/// <c>source</c> (as SequentialLR's children do), and the case keys <c>steps</c>, <c>stepping</c> and <c>optimizer</c>
/// describe the recording rather than the policy: <c>steps</c> becomes the run length, the other two are notes.
/// </summary>
public static class SpecJson
{
    private static readonly string[] NameKeys = ["policy", "source", "name"];
    private static readonly string[] CaseKeys = ["steps", "steps_per_epoch", "stepping", "optimizer"];

    /// <summary>Reads a spec from JSON text; throws a <see cref="SpecException"/> naming what is wrong.</summary>
    public static SpecDocument Read(string json)
    {
        SpecParser.RequireLength(json);
        JsonDocument doc;
        try
        {
            // Each nested policy is two JSON levels ({"policy":..., "params": {...}}), plus one for a list.
            var options = new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = (3 * SpecParser.MaxDepth) + 2 };
            doc = JsonDocument.Parse(json, options);
        }
        catch (JsonException e)
        {
            throw new SpecException($"policy spec JSON is malformed: {e.Message}");
        }

        using (doc)
        {
            return Read(doc.RootElement);
        }
    }

    /// <summary>Reads a spec from a parsed JSON object.</summary>
    public static SpecDocument Read(JsonElement element)
    {
        long? steps = null, stepsPerEpoch = null;
        var spec = ReadPolicy(element, "spec", (key, n) =>
        {
            if (key == "steps") steps = n;
            else stepsPerEpoch = n;
        });
        return new SpecDocument(spec, steps) { StepsPerEpoch = stepsPerEpoch };
    }

    private static PolicySpec ReadPolicy(JsonElement obj, string where, Action<string, long>? onSteps)
    {
        if (obj.ValueKind != JsonValueKind.Object)
            throw new SpecException($"{where}: expected a JSON object with a \"policy\" (or \"source\") key, found {obj.ValueKind}");
        string? name = null;
        var args = new List<SpecArgument>();
        foreach (var prop in obj.EnumerateObject())
        {
            if (NameKeys.Contains(prop.Name, StringComparer.OrdinalIgnoreCase))
            {
                if (prop.Value.ValueKind != JsonValueKind.String)
                    throw new SpecException($"{where}: \"{prop.Name}\" must be a string naming the policy");
                name = prop.Value.GetString();
            }
            else if (prop.NameEquals("params"))
            {
                if (prop.Value.ValueKind != JsonValueKind.Object)
                    throw new SpecException($"{where}: \"params\" must be an object of parameter names and values");
                foreach (var p in prop.Value.EnumerateObject()) AddArgument(p, where, args, onSteps);
            }
            else
            {
                AddArgument(prop, where, args, onSteps);
            }
        }

        if (string.IsNullOrWhiteSpace(name))
            throw new SpecException($"{where}: missing \"policy\" (or \"source\") naming the policy");
        return new PolicySpec(name, args);
    }

    private static void AddArgument(JsonProperty p, string where, List<SpecArgument> args, Action<string, long>? onSteps)
    {
        if (CaseKeys.Contains(p.Name, StringComparer.Ordinal))
        {
            // A golden case's length, and the epoch length its clock had (timm's t_in_epochs=True counts epochs).
            if ((p.NameEquals("steps") || p.NameEquals("steps_per_epoch")) && onSteps is not null)
            {
                long min = p.NameEquals("steps") ? 0 : 1;
                if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetInt64(out long n) || n < min)
                    throw new SpecException($"{where}: \"{p.Name}\" must be an integer >= {min}");
                onSteps(p.Name, n);
            }

            return;
        }

        if (args.Any(a => string.Equals(a.Name, p.Name, StringComparison.OrdinalIgnoreCase)))
            throw new SpecException($"{where}: parameter \"{p.Name}\" is given twice");
        args.Add(new SpecArgument(p.Name, ReadValue(p.Value, $"{where}.{p.Name}")));
    }

    private static SpecValue ReadValue(JsonElement e, string where) => e.ValueKind switch
    {
        JsonValueKind.Number => new NumberValue(e.GetDouble()),
        JsonValueKind.String => SpecParser.Classify(e.GetString()!),
        JsonValueKind.True => new BoolValue(true),
        JsonValueKind.False => new BoolValue(false),
        JsonValueKind.Null => NullValue.Instance,
        JsonValueKind.Array => new ListValue([.. e.EnumerateArray().Select((x, i) => ReadValue(x, $"{where}[{i}]"))]),
        JsonValueKind.Object => ReadPolicy(e, where, null),
        _ => throw new SpecException($"{where}: unsupported JSON value {e.ValueKind}"),
    };
}
