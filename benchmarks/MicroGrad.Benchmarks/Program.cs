using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/MicroGrad.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
