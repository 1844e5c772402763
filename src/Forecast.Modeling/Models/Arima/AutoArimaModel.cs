using Forecast.Modeling.Series;

namespace Forecast.Modeling.Models.Arima;

/// <summary>
/// Automatic ARIMA by the stepwise algorithm of Hyndman, R.J. &amp; Khandakar, Y. (2008), "Automatic time series
/// forecasting: the forecast package for R", <i>Journal of Statistical Software</i> 27(3), as R's
/// <c>forecast::auto.arima</c> 8.20 with its defaults: D by the seasonal strength test, d by repeated KPSS tests, AICc,
/// start (2,d,2)(1,D,1), steps of ±1 on p, q, P, Q (singly and in pairs) and toggling the constant, max p = q = 5,
/// P = Q = 2, at most 94 models, models with roots within 1.01 of the unit circle or undefined standard errors rejected;
/// for long series (n &gt; 150 or m &gt; 12) the search uses CSS with R's likelihood offset and the chosen model is
/// refitted by maximum likelihood.
/// </summary>
public sealed record AutoArimaModel : IForecastModel, IStructureSearch
{
    /// <summary>Maximum p (R: <c>max.p = 5</c>).</summary>
    public int MaxP { get; init; } = 5;

    /// <summary>Maximum q (R: <c>max.q = 5</c>).</summary>
    public int MaxQ { get; init; } = 5;

    /// <summary>Maximum P (R: <c>max.P = 2</c>).</summary>
    public int MaxSeasonalP { get; init; } = 2;

    /// <summary>Maximum Q (R: <c>max.Q = 2</c>).</summary>
    public int MaxSeasonalQ { get; init; } = 2;

    /// <summary>Maximum d (R: <c>max.d = 2</c>).</summary>
    public int MaxD { get; init; } = 2;

    /// <summary>Maximum D (R: <c>max.D = 1</c>).</summary>
    public int MaxSeasonalD { get; init; } = 1;

    /// <summary>Maximum number of models fitted by the stepwise search (R: <c>nmodels = 94</c>).</summary>
    public int MaxModels { get; init; } = 94;

    /// <summary>Use CSS during the search; null = R's rule (n &gt; 150 or m &gt; 12).</summary>
    public bool? Approximation { get; init; }

    /// <inheritdoc />
    public string Name => "arima";

    /// <inheritdoc />
    public IFittedModel Fit(RegularSeries series) => FitArima(series);

    /// <inheritdoc />
    /// <remarks>The stepwise search keeps no ranking, so later fits keep the one order chosen on the earlier data.</remarks>
    public IForecastModel Narrow(IFittedModel earlierFit, int keep) =>
        earlierFit is ArimaFit fit && fit.Order.ArmaCount + fit.Order.TotalDiff > 0 ? new ArimaModel(fit.Order, fit.HasConstant) : this;

    /// <inheritdoc />
    public bool NarrowedSearchServesFinalFit => false;

    /// <summary>Selects and fits the model; returns the typed state.</summary>
    /// <exception cref="ArgumentException">When the series is too short for any model.</exception>
    /// <exception cref="InvalidOperationException">When no model could be fitted (R: "No suitable ARIMA model found").</exception>
    public ArimaFit FitArima(RegularSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var x = series.Values;
        var n = x.Length;
        if (UnitRootTests.IsConstant(x))
            return ArimaEstimator.Fit(x, new ArimaOrder(0, 0, 0), true, ArimaMethod.CssMl, x.Average());
        var m = Math.Max(1, series.SeasonLength);
        int maxP = Math.Min(MaxP, n / 3), maxQ = Math.Min(MaxQ, n / 3);
        int maxSP = Math.Min(MaxSeasonalP, n / 3 / m), maxSQ = Math.Min(MaxSeasonalQ, n / 3 / m);
        var useAic = n <= 3;
        int seasonalD;
        if (m == 1)
        {
            seasonalD = 0;
            maxSP = maxSQ = 0;
        }
        else
        {
            seasonalD = n <= 2 * m ? 0 : UnitRootTests.SeasonalDifferences(x, m, MaxSeasonalD);
        }
        var dx = seasonalD > 0 ? UnitRootTests.Diff(x, m) : x;
        var d = UnitRootTests.FirstDifferences(dx, MaxD);
        for (var i = 0; i < d; i++)
            dx = UnitRootTests.Diff(dx, 1);
        if (dx.Length == 0)
            throw new ArgumentException("Not enough data to fit an ARIMA model.", nameof(series));
        if (UnitRootTests.IsConstant(dx))
            return Degenerate(x, dx, d, seasonalD, m);
        if (m > 1)
        {
            if (maxSP > 0)
                maxP = Math.Min(maxP, m - 1);
            if (maxSQ > 0)
                maxQ = Math.Min(maxQ, m - 1);
        }
        var approximation = Approximation ?? (n > 150 || m > 12);
        var offset = 0.0;
        if (approximation)
        {
            try
            {
                var baseline = ArimaEstimator.Fit(x, new ArimaOrder(0, d, 0, 0, seasonalD, 0, m), d + seasonalD == 0);
                offset = -2 * baseline.LogLikelihood - n * Math.Log(baseline.EstimationSigma2);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                offset = 0;
            }
        }
        var allowDrift = d + seasonalD == 1;
        var allowMean = d + seasonalD == 0;
        var constant = allowDrift || allowMean;
        int startP = 2, startQ = 2, startSP = 1, startSQ = 1;
        if (n < 10)
        {
            startP = Math.Min(startP, 1);
            startQ = Math.Min(startQ, 1);
            startSP = startSQ = 0;
        }
        int p = Math.Min(startP, maxP), q = Math.Min(startQ, maxQ), sp = Math.Min(startSP, maxSP), sq = Math.Min(startSQ, maxSQ);
        var search = new Search(x, d, seasonalD, m, useAic, offset);
        var results = new List<(int P, int Q, int SP, int SQ, bool C, double Ic)>();
        Candidate Try(int p1, int q1, int sp1, int sq1, bool c1, bool approx)
        {
            var cand = search.Fit(p1, q1, sp1, sq1, c1, approx);
            results.Add((p1, q1, sp1, sq1, c1, cand.Ic));
            return cand;
        }
        bool IsNew(int p1, int q1, int sp1, int sq1, bool c1) => !results.Exists(r => r.P == p1 && r.Q == q1 && r.SP == sp1 && r.SQ == sq1 && r.C == c1);

        var best = Try(p, q, sp, sq, constant, approximation);
        var fit = Try(0, 0, 0, 0, constant, approximation);
        if (fit.Ic < best.Ic)
        {
            best = fit;
            p = q = sp = sq = 0;
        }
        if (maxP > 0 || maxSP > 0)
        {
            int ap = maxP > 0 ? 1 : 0, asp = m > 1 && maxSP > 0 ? 1 : 0;
            fit = Try(ap, 0, asp, 0, constant, approximation);
            if (fit.Ic < best.Ic)
            {
                best = fit;
                (p, sp, q, sq) = (ap, asp, 0, 0);
            }
        }
        if (maxQ > 0 || maxSQ > 0)
        {
            int aq = maxQ > 0 ? 1 : 0, asq = m > 1 && maxSQ > 0 ? 1 : 0;
            fit = Try(0, aq, 0, asq, constant, approximation);
            if (fit.Ic < best.Ic)
            {
                best = fit;
                (p, sp, q, sq) = (0, 0, aq, asq);
            }
        }
        if (constant)
        {
            fit = Try(0, 0, 0, 0, false, approximation);
            if (fit.Ic < best.Ic)
            {
                best = fit;
                p = q = sp = sq = 0;
            }
        }
        var k = results.Count;
        var startk = 0;
        (int, int, int, int)[] moves =
        [
            (0, 0, -1, 0), (0, 0, 0, -1), (0, 0, 1, 0), (0, 0, 0, 1), (0, 0, -1, -1), (0, 0, -1, 1), (0, 0, 1, -1), (0, 0, 1, 1),
            (-1, 0, 0, 0), (0, -1, 0, 0), (1, 0, 0, 0), (0, 1, 0, 0), (-1, -1, 0, 0), (-1, 1, 0, 0), (1, -1, 0, 0), (1, 1, 0, 0),
        ];
        while (startk < k && k < MaxModels)
        {
            startk = k;
            var improved = false;
            foreach (var (dp, dq, dsp, dsq) in moves)
            {
                int np = p + dp, nq = q + dq, nsp = sp + dsp, nsq = sq + dsq;
                if (np < 0 || nq < 0 || nsp < 0 || nsq < 0 || np > maxP || nq > maxQ || nsp > maxSP || nsq > maxSQ)
                    continue;
                if (!IsNew(np, nq, nsp, nsq, constant))
                    continue;
                k++;
                if (k > MaxModels)
                    break;
                fit = Try(np, nq, nsp, nsq, constant, approximation);
                if (fit.Ic < best.Ic)
                {
                    best = fit;
                    (p, q, sp, sq) = (np, nq, nsp, nsq);
                    improved = true;
                    break;
                }
            }
            if (improved || k > MaxModels)
                continue;
            if ((allowDrift || allowMean) && IsNew(p, q, sp, sq, !constant))
            {
                k++;
                if (k > MaxModels)
                    continue;
                fit = Try(p, q, sp, sq, !constant, approximation);
                if (fit.Ic < best.Ic)
                {
                    best = fit;
                    constant = !constant;
                }
            }
        }
        if (approximation && best.Fit is not null)
        {
            foreach (var r in results.Select((r, i) => (r, i)).OrderBy(t => t.r.Ic).ThenBy(t => t.i).Select(t => t.r))
            {
                var refit = search.Fit(r.P, r.Q, r.SP, r.SQ, r.C, false);
                if (refit.Ic < double.PositiveInfinity)
                {
                    best = refit;
                    break;
                }
            }
        }
        return best.Fit is not null && best.Ic < double.PositiveInfinity
            ? best.Fit
            : throw new InvalidOperationException("No suitable ARIMA model found.");
    }

    private static ArimaFit Degenerate(double[] x, double[] dx, int d, int seasonalD, int m)
    {
        var seasonal = new ArimaOrder(0, d, 0, 0, seasonalD, 0, seasonalD > 0 ? m : 1);
        if (seasonalD > 0 && d == 0)
            return ArimaEstimator.Fit(x, seasonal, true, ArimaMethod.CssMl, dx.Average() / m);
        if (seasonalD > 0 || d == 2)
            return ArimaEstimator.Fit(x, seasonal, false);
        return ArimaEstimator.Fit(x, seasonal, true, ArimaMethod.CssMl, dx.Average());
    }

    private readonly record struct Candidate(ArimaFit? Fit, double Ic);

    /// <summary>R's <c>myarima</c>: one fit scored by AICc, rejected (Inf) when it fails, is near non-stationary or non-invertible, or has undefined standard errors.</summary>
    private sealed class Search(double[] x, int d, int seasonalD, int m, bool useAic, double offset)
    {
        public Candidate Fit(int p, int q, int sp, int sq, bool constant, bool approximation)
        {
            var order = new ArimaOrder(p, d, q, sp, seasonalD, sq, sp + seasonalD + sq > 0 ? m : 1);
            ArimaFit fit;
            try
            {
                fit = ArimaEstimator.Fit(x, order, constant && d + seasonalD <= 1, approximation ? ArimaMethod.Css : ArimaMethod.CssMl);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                return new Candidate(null, double.PositiveInfinity);
            }
            var nstar = x.Length - d - seasonalD * m;
            var npar = fit.FreeParameters + 1;
            if (approximation)
                fit = fit.WithAic(offset + nstar * Math.Log(fit.EstimationSigma2) + 2 * npar);
            if (double.IsNaN(fit.Aic))
                return new Candidate(fit, double.PositiveInfinity);
            var ic = useAic ? fit.Aic : fit.Aic + 2.0 * npar * (npar + 1) / (nstar - npar - 1);
            if (double.IsNaN(ic) || MinRoot(fit) < 1 + 1e-2 || !fit.VarianceIsValid)
                ic = double.PositiveInfinity;
            return new Candidate(fit, ic);
        }

        private static double MinRoot(ArimaFit fit)
        {
            var minroot = 2.0;
            if (fit.Order.Ar + fit.Order.SeasonalAr > 0)
                minroot = Math.Min(minroot, MinModulus(fit.Phi, -1));
            if (fit.Order.Ma + fit.Order.SeasonalMa > 0)
                minroot = Math.Min(minroot, MinModulus(fit.Theta, 1));
            return minroot;
        }

        private static double MinModulus(IReadOnlyList<double> coefficients, double sign)
        {
            var last = -1;
            for (var i = 0; i < coefficients.Count; i++)
            {
                if (Math.Abs(coefficients[i]) > 1e-8)
                    last = i;
            }
            if (last < 0)
                return double.PositiveInfinity;
            var c = new double[last + 1];
            for (var i = 0; i <= last; i++)
                c[i] = sign * coefficients[i];
            var min = double.PositiveInfinity;
            foreach (var root in ArimaStateSpace.PolyRoots(c))
                min = Math.Min(min, root.Magnitude);
            return min;
        }
    }
}
