using System.Text.Json.Serialization;

namespace LRBench.Studies.Model.Trials;

/// <summary>The ways a tradeoff study samples accuracy against training time; stored by its lower-case name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CurveKind>))]
public enum CurveKind
{
    /// <summary>One run: warm-up, then cosine cycles of periods a, a r, a r^2, ...; sampled at every cycle end (seed 000).</summary>
    [JsonStringEnumMemberName("cyclic")]
    Cyclic,

    /// <summary>One run per duration: the same warm-up, then a single cosine decay to the end.</summary>
    [JsonStringEnumMemberName("standard")]
    Standard,

    /// <summary>The cyclic run with each cycle's peak multiplied by peak_decay (seed 000's first open direction).</summary>
    [JsonStringEnumMemberName("decaying")]
    Decaying,

    /// <summary>Warm-up then constant peak LR, snapshot before every fork point (its own points have no cool-down).</summary>
    [JsonStringEnumMemberName("trunk")]
    Trunk,

    /// <summary>A copy of the trunk cooled down over the last fraction f of one duration (warmup-stable-decay).</summary>
    [JsonStringEnumMemberName("fork")]
    Fork,
}
