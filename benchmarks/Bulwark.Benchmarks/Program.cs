using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/Bulwark.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Bulwark.Benchmarks.HotPathBenchmarks).Assembly).Run(args);
