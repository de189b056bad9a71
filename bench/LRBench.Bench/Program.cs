using LRBench.Bench;

// Usage: dotnet run -c Release --project bench/LRBench.Bench -- BENCHMARK [ARGS]
//   policies [steps]        ns per step of every policy family (docs/benchmarks.md)
//   trainer [rounds]        trainer vs a bare TorchSharp loop, LeNet-5 on Fashion-MNIST, epochs alternated
//   memory [epochs]         resident memory over a long training run
//   autowu [epochs]         time of AutoWU's epoch-end test against a LeNet-5 epoch
//   store [trials]          claim, heartbeat and result-write cost on SQLite and PostgreSQL; 1/2/4 workers draining a queue
//   poll-profile [trials]   one dashboard curves poll piece by piece on a synthetic SQLite store
//   checkpoints [steps]     --checkpoints store: pack + write per checkpoint (SQLite, PostgreSQL) for LeNet-5 and ResNet-20
//   autowu-inspect DIR...   the last AutoWU test of finished `lrbench train --out DIR` runs: x* and the warm-up LR there
//   early-stopping FULL.csv STORE...   pruned studies against the full study's ranking: compute, best and top 3 found, Kendall's tau
//   dashboard N[,N...] LRBENCH...      `lrbench dashboard` latency and bytes on stores of N trials, per lrbench build
//   fill N FILE.db                     a synthetic SQLite store of N finished trials (the dashboard benchmark's), to serve by hand
//   page-profile URL                   one load of a dashboard page in Chromium: requests and when it was drawn
//   search-curves OUT.png STORE...      best top-1 so far against epochs spent, per study (grid, random, Bayesian search)
string what = args.Length > 0 ? args[0] : "policies";
string? arg = args.Length > 1 ? args[1] : null;
return what switch
{
    "policies" => PolicyCost.Report(arg is null ? 2_000_000 : long.Parse(arg, System.Globalization.CultureInfo.InvariantCulture)),
    "trainer" => TrainerOverhead.Report(arg is null ? 3 : int.Parse(arg, System.Globalization.CultureInfo.InvariantCulture)),
    "memory" => MemoryGrowth.Report(arg is null ? 20 : int.Parse(arg, System.Globalization.CultureInfo.InvariantCulture)),
    "autowu" => AutoWuTestCost.Report(arg is null ? 10 : int.Parse(arg, System.Globalization.CultureInfo.InvariantCulture)),
    "autowu-inspect" => args.Skip(1).Select(AutoWuInspect.Report).Max(),
    "early-stopping" => EarlyStopping.Report(args[1], args.Skip(2)),
    "search-curves" => SearchCurves.Report(args[1], args.Skip(2)),
    "dashboard" => DashboardScale.Report(args[1], args.Skip(2)),
    "page-profile" => BrowserLoad.Profile(args[1]),
    "fill" => SyntheticStudyFiller.FillFile(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), args[2]),
    "poll-profile" => PollProfile.Report(arg is null ? 10_000 : int.Parse(arg, System.Globalization.CultureInfo.InvariantCulture)),
    "checkpoints" => CheckpointStoreCost.Report(arg is null ? 30 : int.Parse(arg, System.Globalization.CultureInfo.InvariantCulture)),
    "store" => StoreOverhead.Report(arg is null ? 200 : int.Parse(arg, System.Globalization.CultureInfo.InvariantCulture)),
    _ => Unknown(what),
};

static int Unknown(string what)
{
    Console.Error.WriteLine($"unknown benchmark '{what}'; available: policies, trainer, memory, autowu, store, autowu-inspect, early-stopping, search-curves, dashboard, page-profile, fill, poll-profile, checkpoints");
    return 2;
}
