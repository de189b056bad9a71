using System.Text.Json.Serialization;

namespace LRBench.Schedules.Timm;

/// <summary>Source-generated JSON for timm's plateau scheduler state (its epoch, and PyTorch's plateau state inside as text).</summary>
[JsonSerializable(typeof(TimmPlateauState))]
internal sealed partial class TimmPlateauJson : JsonSerializerContext;
