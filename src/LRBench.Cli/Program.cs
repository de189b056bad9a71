using LRBench.Cli;

return LRBenchCli.Run(args, Console.Out, Console.Error);
