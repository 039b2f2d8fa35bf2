using MicroGrad.Data;

namespace MicroGrad.Tests.Data;

public class ScalingTests
{
    [Fact]
    public void Fit_takes_each_columns_mean_and_population_standard_deviation()
    {
        // Oracle: Python's statistics.fmean and statistics.pstdev (exact rational arithmetic, correctly rounded):
        // column [1, 2, 4] -> 2.3333333333333335, 1.247219128924647; column [-2, 0.5, 3] -> 0.5, 2.041241452319315;
        // target [3, 5, 10] -> 6.0, 2.943920288775949.
        var data = new Dataset(["a", "b"], "y", [[1.0, -2.0], [2.0, 0.5], [4.0, 3.0]], [3.0, 5.0, 10.0]);
        var scaling = Scaling.Fit(data);
        Assert.Equal([2.3333333333333335, 0.5], scaling.Offset);
        Assert.Equal(1.247219128924647, scaling.Scale[0], 1e-15);
        Assert.Equal(2.041241452319315, scaling.Scale[1], 1e-15);
        var target = Scaling.FitTarget(data);
        Assert.Equal([6.0], target.Offset);
        Assert.Equal(2.943920288775949, target.Scale[0], 1e-15);
    }

    [Fact]
    public void A_data_set_without_rows_is_refused_by_name_not_as_an_overflow()
    {
        var empty = new Dataset(["a"], "y", [], []);
        var features = Assert.Throws<ArgumentException>(() => Scaling.Fit(empty));
        Assert.Contains("got none (the data set is empty)", features.Message, StringComparison.Ordinal);
        var target = Assert.Throws<ArgumentException>(() => Scaling.FitTarget(empty));
        Assert.Contains("got none (the data set is empty)", target.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_constant_column_keeps_scale_one()
    {
        // scikit-learn's StandardScaler: a zero standard deviation becomes 1, so the column maps to 0.
        var scaling = Scaling.Fit(new Dataset(["c"], "y", [[7.0], [7.0]], [0.0, 1.0]));
        Assert.Equal([7.0], scaling.Offset);
        Assert.Equal([1.0], scaling.Scale);
    }

    [Fact]
    public void Values_near_the_largest_double_are_standardised_without_overflow()
    {
        // Oracle: exact rational arithmetic (Python fractions): mean 1.6e308, population deviation 8.164965809277257e306;
        // the plain sum 1.5e308 + 1.7e308 overflows.
        var scaling = Scaling.Fit(new Dataset(["h"], "y", [[1.5e308], [1.7e308], [1.6e308]], [0.0, 0.0, 0.0]));
        Assert.Equal(1.6e308, scaling.Offset[0], 1e-15 * 1.6e308);
        Assert.Equal(8.164965809277257e306, scaling.Scale[0], 1e-14 * 8.164965809277257e306);
    }

    [Fact]
    public void A_column_whose_deviations_overflow_is_a_data_format_error_naming_it()
    {
        var data = new Dataset(["a"], "y", [[-1.7e308], [1.7e308], [1.7e308]], [0.0, 0.0, 0.0], "big.csv");
        var ex = Assert.Throws<DataFormatException>(() => Scaling.Fit(data));
        Assert.Equal("big.csv: column 'a' is too large to standardise (its mean, spread or a deviation from the mean overflows a double).", ex.Message);
        Assert.Equal("a", ex.ColumnName);
    }

    [Fact]
    public void Apply_to_rows_returns_new_rows_and_leaves_the_data_alone()
    {
        double[][] rows = [[1.0, 4.0], [3.0, 8.0]];
        var scaling = new Scaling([2.0, 6.0], [1.0, 2.0]);
        var scaled = scaling.Apply(rows);
        Assert.Equal([[-1.0, -1.0], [1.0, 1.0]], scaled);
        Assert.Equal([[1.0, 4.0], [3.0, 8.0]], rows);
        Assert.Equal(rows[1], scaling.Invert(scaled[1]));
    }
}
