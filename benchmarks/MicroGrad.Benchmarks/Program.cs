using BenchmarkDotNet.Running;
using MicroGrad;
using MicroGrad.Benchmarks;

// dotnet run -c Release --project benchmarks/MicroGrad.Benchmarks -- --filter '*'
// dotnet run -c Release --project benchmarks/MicroGrad.Benchmarks -- --bytes-per-node
if (args is ["--bytes-per-node"])
    BytesPerNode.Print();
else
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
