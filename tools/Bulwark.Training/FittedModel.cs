namespace Bulwark.Training;

/// <summary>
/// A fitted sub-model. For each present feature, z = clip((transform(x) − mean) / scale, ±Clip) and
/// the log-odds of a human gain weight·z + squareWeight·(z² − squareMean). A missing feature adds
/// nothing (its imputed value is the training mean, z = 0, and its square term is switched off).
/// </summary>
internal sealed class FittedModel
{
    public const double Clip = 5;

    public required SubModelSpec Spec { get; init; }
    public required double[] Means { get; init; }
    public required double[] Scales { get; init; }
    public required double[] SquareMeans { get; init; }
    public double[] Weights { get; set; } = [];
    public double[] SquareWeights { get; set; } = [];
    public double Bias { get; set; }

    /// <summary>The design row: 2 columns per feature (z, z² − squareMean), zeros when missing.</summary>
    public void Design(double[] raw, int[] columns, Span<double> into)
    {
        for (var i = 0; i < columns.Length; i++)
        {
            var x = raw[columns[i]];
            if (double.IsNaN(x))
            {
                into[2 * i] = 0;
                into[2 * i + 1] = 0;
                continue;
            }

            var z = Math.Clamp((SubModelSpec.Transform(Spec.Features[i].Transform, x) - Means[i]) / Scales[i], -Clip, Clip);
            into[2 * i] = z;
            into[2 * i + 1] = z * z - SquareMeans[i];
        }
    }

    public double LogOdds(double[] raw, int[] columns)
    {
        Span<double> row = stackalloc double[2 * columns.Length];
        Design(raw, columns, row);
        var s = Bias;
        for (var i = 0; i < columns.Length; i++)
        {
            s += Weights[i] * row[2 * i] + SquareWeights[i] * row[2 * i + 1];
        }

        return s;
    }
}
