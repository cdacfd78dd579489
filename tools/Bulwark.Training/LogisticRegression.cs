namespace Bulwark.Training;

/// <summary>L2-regularised logistic regression by Newton's method (IRLS); the bias is not penalised.</summary>
internal static class LogisticRegression
{
    /// <summary>Fits weights (last entry = bias) for rows x with labels y and sample weights w.</summary>
    public static double[] Fit(double[][] x, bool[] y, double[] w, double lambda, int iterations = 50)
    {
        var d = x[0].Length;
        var beta = new double[d + 1];
        for (var iter = 0; iter < iterations; iter++)
        {
            var gradient = new double[d + 1];
            var hessian = new double[d + 1, d + 1];
            for (var r = 0; r < x.Length; r++)
            {
                var eta = beta[d];
                for (var j = 0; j < d; j++)
                {
                    eta += beta[j] * x[r][j];
                }

                var p = 1 / (1 + Math.Exp(-eta));
                var residual = w[r] * ((y[r] ? 1 : 0) - p);
                var curvature = w[r] * p * (1 - p);
                for (var j = 0; j <= d; j++)
                {
                    var xj = j < d ? x[r][j] : 1;
                    gradient[j] += residual * xj;
                    for (var k = 0; k <= j; k++)
                    {
                        hessian[j, k] += curvature * xj * (k < d ? x[r][k] : 1);
                    }
                }
            }

            for (var j = 0; j <= d; j++)
            {
                for (var k = 0; k < j; k++)
                {
                    hessian[k, j] = hessian[j, k];
                }

                if (j < d)
                {
                    gradient[j] -= lambda * beta[j];
                    hessian[j, j] += lambda;
                }
            }

            hessian[d, d] += 1e-9;
            var step = Solve(hessian, gradient);
            var change = 0.0;
            for (var j = 0; j <= d; j++)
            {
                beta[j] += step[j];
                change = Math.Max(change, Math.Abs(step[j]));
            }

            if (change < 1e-8)
            {
                break;
            }
        }

        return beta;
    }

    /// <summary>Gaussian elimination with partial pivoting (the systems are tiny).</summary>
    private static double[] Solve(double[,] a, double[] b)
    {
        var n = b.Length;
        var m = (double[,])a.Clone();
        var v = (double[])b.Clone();
        for (var c = 0; c < n; c++)
        {
            var pivot = c;
            for (var r = c + 1; r < n; r++)
            {
                if (Math.Abs(m[r, c]) > Math.Abs(m[pivot, c]))
                {
                    pivot = r;
                }
            }

            if (pivot != c)
            {
                for (var k = 0; k < n; k++)
                {
                    (m[c, k], m[pivot, k]) = (m[pivot, k], m[c, k]);
                }

                (v[c], v[pivot]) = (v[pivot], v[c]);
            }

            for (var r = c + 1; r < n; r++)
            {
                var f = m[r, c] / m[c, c];
                for (var k = c; k < n; k++)
                {
                    m[r, k] -= f * m[c, k];
                }

                v[r] -= f * v[c];
            }
        }

        var result = new double[n];
        for (var r = n - 1; r >= 0; r--)
        {
            var s = v[r];
            for (var k = r + 1; k < n; k++)
            {
                s -= m[r, k] * result[k];
            }

            result[r] = s / m[r, r];
        }

        return result;
    }
}
