using MicroGrad.Regression;
using static MicroGrad.Tests.Regression.RegressionTestData;

namespace MicroGrad.Tests.Regression;

public class NormalEquationsTests
{
    // NIST StRD Longley certified coefficients (intercept first), as in LongleyTests.
    private static readonly double[] Nist =
    [
        -3482258.63459582, 15.0618722713733, -0.0358191792925910, -2.02022980381683, -1.03322686717359,
        -0.0511041056535807, 1829.15146461355,
    ];

    [Fact]
    public void Normal_equations_lose_about_half_the_digits_that_qr_keeps_on_longley()
    {
        var (x, y, _) = Longley();
        var normal = SolveNormalEquations(x, y);
        var qr = new LinearRegression(new LinearRegressionOptions()).Fit(x, y).Summary.Parameters;
        var worstNormal = 17.0;
        var worstQr = 17.0;
        for (var j = 0; j < Nist.Length; j++)
        {
            worstNormal = Math.Min(worstNormal, Digits(Nist[j], normal[j]));
            worstQr = Math.Min(worstQr, Digits(Nist[j], qr[j]));
        }
        // κ(X) ≈ 4.9e9 (statsmodels' condition number): the normal equations square it, so their error bound is
        // κ²·ε ≫ 1 while QR's is κ·ε; in practice the normal equations keep well under 11 digits here.
        Assert.True(worstQr >= 11, $"QR: {worstQr:F1} digits");
        Assert.True(worstNormal < 9, $"normal equations: {worstNormal:F1} digits");
    }

    /// <summary>XᵀX·β = Xᵀy with a column of ones, by Cholesky: the textbook method QR replaces.</summary>
    private static double[] SolveNormalEquations(double[][] x, double[] y)
    {
        var n = x.Length;
        var p = x[0].Length + 1;
        double Col(int i, int j) => j == 0 ? 1.0 : x[i][j - 1];
        var a = new double[p, p];
        var b = new double[p];
        for (var r = 0; r < p; r++)
        {
            for (var c = 0; c < p; c++)
            {
                for (var i = 0; i < n; i++)
                    a[r, c] += Col(i, r) * Col(i, c);
            }
            for (var i = 0; i < n; i++)
                b[r] += Col(i, r) * y[i];
        }
        var l = new double[p, p];
        for (var j = 0; j < p; j++)
        {
            var d = a[j, j];
            for (var k = 0; k < j; k++)
                d -= l[j, k] * l[j, k];
            l[j, j] = Math.Sqrt(d);
            for (var i = j + 1; i < p; i++)
            {
                var s = a[i, j];
                for (var k = 0; k < j; k++)
                    s -= l[i, k] * l[j, k];
                l[i, j] = s / l[j, j];
            }
        }
        var z = new double[p];
        for (var i = 0; i < p; i++)
        {
            var s = b[i];
            for (var k = 0; k < i; k++)
                s -= l[i, k] * z[k];
            z[i] = s / l[i, i];
        }
        var beta = new double[p];
        for (var i = p - 1; i >= 0; i--)
        {
            var s = z[i];
            for (var k = i + 1; k < p; k++)
                s -= l[k, i] * beta[k];
            beta[i] = s / l[i, i];
        }
        return beta;
    }
}
