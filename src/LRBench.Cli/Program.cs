using LRBench.Cli;
using LRBench.Cli.Invocation;

return LRBenchCli.Run(args, Console.Out, Console.Error);
