#:project ../src/MicroGrad/MicroGrad.csproj
// NIST's Longley data (16 years of US employment, notoriously ill-conditioned): ordinary least squares by QR,
// with statsmodels' summary, compared with NIST's certified coefficients.
// Run: dotnet run samples/longley.cs
using MicroGrad.Regression;

// GNPDEFL, GNP, UNEMP, ARMED, POP, YEAR, TOTEMP (https://www.itl.nist.gov/div898/strd/lls/data/Longley.shtml)
double[][] table =
[
    [83.0, 234289.0, 2356.0, 1590.0, 107608.0, 1947.0, 60323.0],
    [88.5, 259426.0, 2325.0, 1456.0, 108632.0, 1948.0, 61122.0],
    [88.2, 258054.0, 3682.0, 1616.0, 109773.0, 1949.0, 60171.0],
    [89.5, 284599.0, 3351.0, 1650.0, 110929.0, 1950.0, 61187.0],
    [96.2, 328975.0, 2099.0, 3099.0, 112075.0, 1951.0, 63221.0],
    [98.1, 346999.0, 1932.0, 3594.0, 113270.0, 1952.0, 63639.0],
    [99.0, 365385.0, 1870.0, 3547.0, 115094.0, 1953.0, 64989.0],
    [100.0, 363112.0, 3578.0, 3350.0, 116219.0, 1954.0, 63761.0],
    [101.2, 397469.0, 2904.0, 3048.0, 117388.0, 1955.0, 66019.0],
    [104.6, 419180.0, 2822.0, 2857.0, 118734.0, 1956.0, 67857.0],
    [108.4, 442769.0, 2936.0, 2798.0, 120445.0, 1957.0, 68169.0],
    [110.8, 444546.0, 4681.0, 2637.0, 121950.0, 1958.0, 66513.0],
    [112.6, 482704.0, 3813.0, 2552.0, 123366.0, 1959.0, 68655.0],
    [114.2, 502601.0, 3931.0, 2514.0, 125368.0, 1960.0, 69564.0],
    [115.7, 518173.0, 4806.0, 2572.0, 127852.0, 1961.0, 69331.0],
    [116.9, 554894.0, 4007.0, 2827.0, 130081.0, 1962.0, 70551.0],
];
string[] names = ["GNPDEFL", "GNP", "UNEMP", "ARMED", "POP", "YEAR"];
var x = table.Select(r => r[..6]).ToArray();
var y = table.Select(r => r[6]).ToArray();

var model = new LinearRegression(new LinearRegressionOptions()).Fit(x, y, names, "TOTEMP");
Console.WriteLine(model.Summary);

// NIST certified values: intercept first.
double[] certified = [-3482258.63459582, 15.0618722713733, -0.0358191792925910, -2.02022980381683,
    -1.03322686717359, -0.0511041056535807, 1829.15146461355];
Console.WriteLine("parameter        certified (NIST)                    ours   correct digits");
for (var j = 0; j < certified.Length; j++)
{
    var ours = model.Summary.Parameters[j];
    var digits = ours == certified[j] ? 15.0 : -Math.Log10(Math.Abs(ours - certified[j]) / Math.Abs(certified[j]));
    Console.WriteLine($"{model.Summary.ParameterNames[j],-10} {certified[j],22:R} {ours,22:R}   {Math.Min(digits, 15):F1}");
}
