using System.Text.Json.Serialization;

namespace LRBench.Schedules.PyTorch;

/// <summary>Source-generated JSON for ReduceLROnPlateau's state (the schedule library stays trimmable); the best reading starts at ±infinity.</summary>
[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(PlateauState))]
internal sealed partial class PlateauJson : JsonSerializerContext;
