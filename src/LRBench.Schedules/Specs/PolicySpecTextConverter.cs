using System.Text.Json;
using System.Text.Json.Serialization;

namespace LRBench.Schedules.Specs;

/// <summary>
/// Writes a <see cref="PolicySpec"/> in JSON as its text form (<see cref="SpecFormatter.ToText"/>) and reads either
/// form back, so that stored options and checkpoint fingerprints keep the one-line spec people read and write.
/// </summary>
public sealed class PolicySpecTextConverter : JsonConverter<PolicySpec>
{
    /// <inheritdoc />
    public override PolicySpec Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            using var document = JsonDocument.ParseValue(ref reader);
            return SpecJson.Read(document.RootElement).Policy;
        }

        if (reader.TokenType != JsonTokenType.String) throw new JsonException($"a policy spec must be a string or an object, found {reader.TokenType}");
        try
        {
            return PolicySpec.ParseAny(reader.GetString()!);
        }
        catch (SpecException e)
        {
            throw new JsonException(e.Message, e);
        }
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, PolicySpec value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStringValue(SpecFormatter.ToText(value));
    }
}
