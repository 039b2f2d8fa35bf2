namespace MicroGrad.Regression;

/// <summary>How <see cref="LinearRegression"/> finds the coefficients.</summary>
public enum LinearSolver
{
    /// <summary>Least squares by Householder QR with column pivoting on the centred design (the default): backward
    /// stable, so the error grows with the condition number κ of the design and not with κ² as for the normal
    /// equations XᵀX·β = Xᵀy (which are never used by default).</summary>
    Qr,

    /// <summary>Full-batch gradient descent on the mean squared error (+ the L2 penalty), one vectorised pass over
    /// the data per iteration.</summary>
    GradientDescent,

    /// <summary>Mini-batch stochastic gradient descent: each epoch shuffles the rows with <see cref="Rng"/> and steps
    /// once per batch of <see cref="LinearRegressionOptions.BatchSize"/> rows; the returned coefficients are the
    /// Polyak–Ruppert average of the iterates over the second half of the <see cref="LinearRegressionOptions.MaxIterations"/>
    /// epochs (tail averaging: it converges where the last iterate keeps jittering, without the transient from the
    /// start).</summary>
    StochasticGradientDescent,
}

/// <summary>What <see cref="LinearRegression.Fit(double[][], double[])"/> does when the design is rank deficient.</summary>
public enum RankDeficiency
{
    /// <summary>Throw a <see cref="RankDeficientException"/> naming the collinear columns (the default).</summary>
    Throw,

    /// <summary>Return the minimum-norm least-squares solution: singular values at or below
    /// <see cref="LinearRegressionOptions.RankTolerance"/>·σ_max count as zero. Without an intercept this is numpy's
    /// <c>lstsq</c> on the design; with one, the intercept is left out of the norm (scikit-learn's
    /// <c>LinearRegression</c>: centre, then <c>lstsq</c>), which differs from <c>lstsq</c> on <c>[1 | X]</c> when the
    /// collinearity involves the constant. Coefficients along the null space are not identified.</summary>
    MinimumNorm,
}
