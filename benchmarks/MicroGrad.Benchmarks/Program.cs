using BenchmarkDotNet.Running;
using MicroGrad;
using MicroGrad.Benchmarks;

// dotnet run -c Release --project benchmarks/MicroGrad.Benchmarks -- --filter '*'
// dotnet run -c Release --project benchmarks/MicroGrad.Benchmarks -- --bytes-per-node
// dotnet run -c Release --project benchmarks/MicroGrad.Benchmarks -- --make-tab20k tab20k.csv   (issue 10's 20,000 × 10 CSV)
// dotnet run -c Release --project benchmarks/MicroGrad.Benchmarks -- --make-tabular 1000000 big.csv   (the same, any rows)
// dotnet run -c Release --project benchmarks/MicroGrad.Benchmarks -- --profile-train [batch rows]  (Stopwatch, by phase and op)
if (args is ["--bytes-per-node"])
    BytesPerNode.Print();
else if (args is ["--make-tab20k", var csvPath])
    TabularData.WriteCsv(csvPath);
else if (args is ["--make-tabular", var rowCount, var bigCsvPath])
    TabularData.WriteCsv(bigCsvPath, int.Parse(rowCount, System.Globalization.CultureInfo.InvariantCulture));
else if (args is ["--profile-train", ..])
    TrainStepProfile.Print(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : TabularData.Rows);
else
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
