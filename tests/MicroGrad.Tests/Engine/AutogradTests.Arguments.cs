namespace MicroGrad.Tests.Engine;

/// <summary>Autograd's argument checks, as its XML docs state them.</summary>
public partial class AutogradTests
{
    [Fact]
    public void Null_arguments_and_items_and_a_vector_of_the_wrong_length_are_refused_with_what_was_expected()
    {
        // Oracle: the <exception> docs of Autograd (a null argument: ArgumentNullException naming it; a null item of
        // a list: ArgumentException giving its position, as the BCL reports one).
        var x = new Value(1.0, "x");
        var y = x * x;
        Assert.Equal("output", Assert.Throws<ArgumentNullException>(() => Autograd.Grad(null!, [x])).ParamName);
        Assert.Equal("inputs", Assert.Throws<ArgumentNullException>(() => Autograd.Grad(y, null!)).ParamName);
        var item = Assert.Throws<ArgumentException>(() => Autograd.Grad(y, [x, null!]));
        Assert.Equal("inputs", item.ParamName);
        Assert.StartsWith("inputs must hold Values; found null at position 1.", item.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Autograd.Hessian(y, [null!]));
        Assert.Equal("function", Assert.Throws<ArgumentNullException>(() => Autograd.Hessian(null!, [1.0])).ParamName);
        Assert.Equal("point", Assert.Throws<ArgumentNullException>(() => Autograd.Hessian(v => v[0], null!)).ParamName);
        var result = Assert.Throws<ArgumentNullException>(() => Autograd.Hessian(_ => null!, [1.0]));
        Assert.Contains("returned null", result.Message, StringComparison.Ordinal);
        Assert.Equal("vector", Assert.Throws<ArgumentNullException>(() => Autograd.HessianVectorProduct(y, [x], null!)).ParamName);
        var count = Assert.Throws<ArgumentException>(() => Autograd.HessianVectorProduct(y, [x], [1.0, 2.0]));
        Assert.Equal("vector", count.ParamName);
        Assert.StartsWith("Expected 1 numbers (one per input); got 2.", count.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_function_overloads_check_their_arguments_before_calling_the_function()
    {
        // Oracle: CONVENTIONS (validate up front): a bad vector or a NoGrad scope is refused without running the function.
        var calls = 0;
        Func<IReadOnlyList<Value>, Value> f = v => { calls++; return v[0] * v[0]; };
        Assert.Throws<ArgumentNullException>(() => Autograd.HessianVectorProduct(f, [1.0], null!));
        Assert.Throws<ArgumentException>(() => Autograd.HessianVectorProduct(f, [1.0], [1.0, 2.0]));
        using (Value.NoGrad())
        {
            Assert.Throws<InvalidOperationException>(() => Autograd.Hessian(f, [1.0]));
            Assert.Throws<InvalidOperationException>(() => Autograd.HessianVectorProduct(f, [1.0], [1.0]));
        }
        Assert.Equal(0, calls);
    }

    [Fact]
    public void With_no_inputs_the_results_are_empty()
    {
        // Oracle: the definitions (no input, nothing to differentiate by).
        var y = new Value(2.0).Exp();
        Assert.Empty(Autograd.Grad(y, []));
        Assert.Empty(Autograd.Hessian(y, []));
        Assert.Empty(Autograd.HessianVectorProduct(y, [], []));
    }
}
