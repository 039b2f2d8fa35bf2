using MicroGrad.Regression;

namespace MicroGrad.Tests.Regression;

public class RankDeficiencyTests
{
    // x3 = 2·x1 + x2 exactly (hand constructed).
    private static readonly double[][] Collinear =
        [[1, 0, 2], [0, 1, 1], [1, 1, 3], [2, 1, 5], [3, 5, 11], [4, 2, 10]];

    private static readonly double[] Y = [1, 2, 2, 4, 7, 6];

    [Fact]
    public void Collinear_columns_are_named_with_their_combination()
    {
        var ex = Assert.Throws<RankDeficientException>(() =>
            new LinearRegression(new LinearRegressionOptions()).Fit(Collinear, Y, ["a", "b", "c"]));
        Assert.Single(ex.CollinearColumns);
        Assert.Contains("rank 2 of 3", ex.Message, StringComparison.Ordinal);
        // The message explains and gives no API advice (the CLI adds its --min-norm; the docs name
        // RankDeficiency.MinimumNorm); no fake parameter name, since no single argument is at fault.
        Assert.DoesNotContain("RankDeficiency", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", ex.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<InvalidOperationException>(ex);
        foreach (var name in (string[])["'a'", "'b'", "'c'"])
            Assert.Contains(name, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_message_about_many_collinear_columns_is_bounded_and_the_exception_lists_them_all()
    {
        // Issue 15, item 11: 300 copies of 40 independent columns (seeded), with 2,000-character names; every copy is
        // collinear. The message names a few (each name cut to 80 characters), the exception all of them.
        var random = new Random(11);
        const int independent = 40, columns = 340, rows = 400;
        var x = new double[rows][];
        var y = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            x[i] = new double[columns];
            for (var j = 0; j < independent; j++)
                x[i][j] = random.NextDouble();
            for (var j = independent; j < columns; j++)
                x[i][j] = x[i][j % independent];
            y[i] = random.NextDouble();
        }
        var names = Enumerable.Range(0, columns).Select(j => $"x{j}_" + new string('n', 2000)).ToArray();
        var ex = Assert.Throws<RankDeficientException>(() => new LinearRegression(new LinearRegressionOptions()).Fit(x, y, names));
        Assert.Equal(300, ex.CollinearColumns.Count);
        Assert.True(ex.Message.Length < 3000, $"{ex.Message.Length} characters");
        Assert.Contains("and 295 more", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_constant_column_is_collinear_with_the_intercept()
    {
        var ex = Assert.Throws<RankDeficientException>(() =>
            new LinearRegression(new LinearRegressionOptions()).Fit([[0.1, 1], [0.1, 2], [0.1, 4], [0.1, 3]], [1, 2, 3, 5], ["k", "x"]));
        Assert.Equal(["k"], ex.CollinearColumns);
        Assert.Contains("'k' is constant", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Minimum_norm_splits_a_duplicated_column_equally()
    {
        // Hand calculation: with x2 = x1 every (β1, β2) with β1 + β2 = β fits equally well; numpy's lstsq returns
        // the minimum-norm one, β1 = β2 = β/2, where β = 2 is the slope of y = 1 + 2x.
        double[][] x = [[0, 0], [1, 1], [2, 2], [3, 3]];
        double[] y = [1, 3, 5, 7];
        var model = new LinearRegression(new LinearRegressionOptions { RankDeficiency = RankDeficiency.MinimumNorm }).Fit(x, y);
        Assert.Equal(1.0, model.Coefficients[0], 1e-12);
        Assert.Equal(1.0, model.Coefficients[1], 1e-12);
        Assert.Equal(1.0, model.Intercept, 1e-12);
        Assert.Equal(1, model.Summary.DfModel);
        Assert.Equal(2, model.Summary.DfResid);
    }
}
