using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using LRBench.Adaptive.Gp;
using LRBench.Schedules;

namespace LRBench.Adaptive;

public enum AutoWuPhase
{
    Warmup,
    Decay,
    Final,
}
