using Forecast.Modeling.Series;
using MathNet.Numerics.LinearAlgebra;

namespace Forecast.Modeling.Models.Ssa;

/// <summary>
/// Singular spectrum analysis with recurrent (LRR) forecasting (Golyandina, N., Nekrutkin, V. &amp; Zhigljavsky, A. (2001),
/// <i>Analysis of Time Series Structure: SSA and Related Techniques</i>, Chapman &amp; Hall, ch. 2; Golyandina &amp;
/// Zhigljavsky (2013), <i>Singular Spectrum Analysis for Time Series</i>, §3.1), with the parameter names of ML.NET's
/// <c>ForecastBySsa</c> so that a user coming from ML.NET finds them: the last <see cref="TrainSize"/> points (capped at
/// <see cref="SeriesLength"/>) are embedded in a trajectory matrix of <see cref="WindowSize"/> rows, decomposed by SVD
/// (MathNet), reconstructed from the leading components (<see cref="Rank"/>, or the fewest explaining
/// <see cref="EnergyThreshold"/> of the squared singular values, at most <see cref="MaxRank"/>) and continued by the
/// linear recurrence they span. Interval variances treat the recurrence as an AR filter: σ²Σψ²ₖ.
/// </summary>
public sealed record SsaModel : IForecastModel
{
    /// <summary>ML.NET <c>windowSize</c>: rows of the trajectory matrix (L); null = min(n/2, max(2m, 12)).</summary>
    public int? WindowSize { get; init; }

    /// <summary>ML.NET <c>seriesLength</c>: at most this many recent points are kept for the model.</summary>
    public int SeriesLength { get; init; } = 1000;

    /// <summary>ML.NET <c>trainSize</c>: points used to train; null = all (up to <see cref="SeriesLength"/>).</summary>
    public int? TrainSize { get; init; }

    /// <summary>ML.NET <c>horizon</c>: the default number of steps (Predict takes its own).</summary>
    public int Horizon { get; init; } = 12;

    /// <summary>ML.NET <c>confidenceLevel</c> (0–1): the level used when Predict is called without levels.</summary>
    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>ML.NET <c>rank</c>: components kept; null = by <see cref="EnergyThreshold"/>.</summary>
    public int? Rank { get; init; }

    /// <summary>ML.NET <c>maxRank</c>: upper bound when the rank is chosen automatically; null = L/2.</summary>
    public int? MaxRank { get; init; }

    /// <summary>Share of Σσ² the automatically chosen components must explain.</summary>
    public double EnergyThreshold { get; init; } = 0.99;

    /// <inheritdoc />
    public string Name => "ssa";

    /// <inheritdoc />
    public IFittedModel Fit(RegularSeries series)
    {
        var all = series.Values;
        var take = Math.Min(TrainSize ?? all.Length, Math.Min(SeriesLength, all.Length));
        var y = all.AsSpan(all.Length - take).ToArray();
        var n = y.Length;
        var m = series.SeasonLength;
        var l = WindowSize ?? Math.Min(n / 2, Math.Max(2 * m, 12));
        if (l < 2 || n - l + 1 < 2)
            throw new ArgumentException($"SSA needs a window of at least 2 and more points than the window (n = {n}, L = {l}).", nameof(series));
        var k = n - l + 1;
        var x = Matrix<double>.Build.Dense(l, k, (i, j) => y[i + j]);
        var svd = x.Svd(computeVectors: true);
        var s = svd.S;
        var maxRank = Math.Min(MaxRank ?? Math.Max(1, l / 2), Math.Min(l - 1, k));
        int r;
        if (Rank is { } fixedRank)
        {
            r = Math.Clamp(fixedRank, 1, Math.Min(l - 1, k));
        }
        else
        {
            var total = s.Sum(v => v * v);
            var acc = 0.0;
            r = 0;
            while (r < maxRank)
            {
                acc += s[r] * s[r];
                r++;
                if (acc >= EnergyThreshold * total)
                    break;
            }
        }
        var u = svd.U.SubMatrix(0, l, 0, r);
        var approx = u * (u.Transpose() * x);
        // Diagonal averaging (Hankelisation) back to a series.
        var recon = new double[n];
        var counts = new int[n];
        for (var i = 0; i < l; i++)
        {
            for (var j = 0; j < k; j++)
            {
                recon[i + j] += approx[i, j];
                counts[i + j]++;
            }
        }
        for (var t = 0; t < n; t++)
            recon[t] /= counts[t];
        // Linear recurrence: y_t = Σ_{j=1}^{L-1} a_j y_{t-L+j}.
        var nu2 = 0.0;
        for (var c = 0; c < r; c++)
            nu2 += u[l - 1, c] * u[l - 1, c];
        if (nu2 >= 1 - 1e-9)
            throw new ArgumentException("The SSA recurrence is not defined (verticality coefficient 1); use a larger window.", nameof(series));
        var a = new double[l - 1];
        for (var j = 0; j < l - 1; j++)
        {
            var v = 0.0;
            for (var c = 0; c < r; c++)
                v += u[l - 1, c] * u[j, c];
            a[j] = v / (1 - nu2);
        }
        var fitted = new double[all.Length];
        Array.Fill(fitted, double.NaN);
        recon.CopyTo(fitted, all.Length - n);
        var ss = 0.0;
        for (var t = 0; t < n; t++)
            ss += (y[t] - recon[t]) * (y[t] - recon[t]);
        var sigma = Math.Sqrt(ss / Math.Max(1, n - r));
        return new State(this, recon, a, sigma, fitted, l, r);
    }

    private sealed class State(SsaModel owner, double[] recon, double[] a, double sigma, double[] fitted, int l, int r) : IFittedModel
    {
        public string Description => $"SSA(L={l}, r={r})";
        public IReadOnlyList<double> Fitted => fitted;

        public ForecastResult Predict(int horizon, IReadOnlyList<double> levels)
        {
            var buffer = new List<double>(recon);
            var mean = new double[horizon];
            for (var h = 0; h < horizon; h++)
            {
                var v = 0.0;
                var start = buffer.Count - (l - 1);
                for (var j = 0; j < l - 1; j++)
                    v += a[j] * buffer[start + j];
                buffer.Add(v);
                mean[h] = v;
            }
            // ψ-weights of the recurrence seen as AR(L−1): lag i has coefficient a[L−1−i].
            var psi = new double[horizon];
            psi[0] = 1;
            for (var h = 1; h < horizon; h++)
            {
                var v = 0.0;
                for (var i = 1; i <= Math.Min(h, l - 1); i++)
                    v += a[l - 1 - i] * psi[h - i];
                psi[h] = v;
            }
            var sd = new double[horizon];
            var cum = 0.0;
            for (var h = 0; h < horizon; h++)
            {
                cum += psi[h] * psi[h];
                sd[h] = sigma * Math.Sqrt(cum);
            }
            var lv = levels.Count > 0 ? levels : [100 * owner.ConfidenceLevel];
            return Intervals.Gaussian(mean, sd, lv);
        }
    }
}
