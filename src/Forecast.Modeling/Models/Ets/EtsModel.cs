using Forecast.Modeling.Models.Optimization;
using Forecast.Modeling.Series;

namespace Forecast.Modeling.Models.Ets;

/// <summary>Information criterion used to choose among ETS models.</summary>
public enum InformationCriterion
{
    /// <summary>Akaike's criterion corrected for small samples (R's default).</summary>
    Aicc,
    /// <summary>Akaike's criterion.</summary>
    Aic,
    /// <summary>Schwarz's Bayesian criterion.</summary>
    Bic,
}

/// <summary>
/// Exponential smoothing state space models (ETS) fitted by maximum likelihood, as R's <c>forecast::ets</c>
/// (Hyndman, R.J., Koehler, A.B., Snyder, R.D. &amp; Grose, S. (2002), "A state space framework for automatic forecasting
/// using exponential smoothing methods", <i>IJF</i> 18(3), 439–454; Hyndman et al. (2008), <i>Forecasting with
/// Exponential Smoothing</i>, Springer). With <see cref="Spec"/> null the model is chosen automatically among
/// error A/M × trend N/A/Ad × season N/A/M by <see cref="Criterion"/>, with R's default restrictions: no additive error
/// with a multiplicative season, no multiplicative error unless all data are positive, no season when m = 1, m &gt; 24 or
/// n ≤ m. Parameters and initial states are estimated jointly by Nelder–Mead under R's "both" bounds. Intervals
/// are analytic (Hyndman et al. 2008, ch. 6: classes 1–3), which covers every model of this family.
/// </summary>
public sealed record EtsModel : IForecastModel, IStructureSearch
{
    /// <summary>A fixed model, or null to select one automatically.</summary>
    public EtsSpec? Spec { get; init; }

    /// <summary>
    /// Automatic selection only among these forms (those of them the data allow); null = every form R tries. Set by
    /// <see cref="Narrow"/> so that later fits choose among the forms that ranked best on earlier data.
    /// </summary>
    public IReadOnlyList<EtsSpec>? Forms { get; init; }

    /// <summary>Criterion for automatic selection (R: <c>ic = "aicc"</c>).</summary>
    public InformationCriterion Criterion { get; init; } = InformationCriterion.Aicc;

    /// <summary>Allow damped trends in automatic selection (R: <c>damped = NULL</c> tries both).</summary>
    public bool AllowDamped { get; init; } = true;

    /// <summary>Objective evaluations per fit (R: <c>maxit = 2000</c>).</summary>
    public int MaxEvaluations { get; init; } = 2000;

    /// <summary>Minimise the one-step MSE instead of the likelihood (R: <c>opt.crit = "mse"</c>, used by <c>ses</c>).</summary>
    public bool MinimizeMse { get; init; }

    /// <summary>Fixed α (R: <c>alpha = </c>); null to estimate.</summary>
    public double? Alpha { get; init; }

    /// <inheritdoc />
    public string Name => "ets";

    /// <inheritdoc />
    public IFittedModel Fit(RegularSeries series) => FitEts(series);

    /// <inheritdoc />
    public IForecastModel Narrow(IFittedModel earlierFit, int keep) =>
        Spec is null && earlierFit is EtsFit { Ranking.Count: > 0 } fit
            ? this with { Forms = [.. fit.Ranking.Take(Math.Max(1, keep)).Select(r => r.Spec)] }
            : this;

    /// <inheritdoc />
    public bool NarrowedSearchServesFinalFit => true;

    /// <summary>Fits and returns the typed state (parameters, criteria, states).</summary>
    public EtsFit FitEts(RegularSeries series)
    {
        var y = series.Values;
        var m = series.SeasonLength;
        if (y.Length < 3)
            throw new ArgumentException("ETS needs at least 3 observations.", nameof(series));
        if (Decomposition.IsConstant(y))
            return EtsFit.Constant(y, m);
        EtsFit? best = null;
        var ranking = Spec is null ? new List<(EtsSpec, double)>() : null;
        foreach (var spec in Candidates(y, m))
        {
            EtsFit? fit;
            try
            {
                fit = FitSpec(y, m, spec);
            }
            catch (ArgumentException)
            {
                continue;
            }
            if (fit is null || !double.IsFinite(Score(fit)))
                continue;
            ranking?.Add((spec, Score(fit)));
            if (best is null || Score(fit) < Score(best))
                best = fit;
        }
        if (best is null)
            throw new InvalidOperationException("No ETS model could be fitted to this series.");
        if (ranking is not null)
            best.Ranking = [.. ranking.OrderBy(r => r.Item2)];
        return best;
    }

    private double Score(EtsFit fit) => Criterion switch
    {
        InformationCriterion.Aic => fit.Aic,
        InformationCriterion.Bic => fit.Bic,
        _ => fit.Aicc,
    };

    /// <summary>The models tried on <paramref name="y"/> with season length <paramref name="m"/>.</summary>
    public IEnumerable<EtsSpec> Candidates(ReadOnlySpan<double> y, int m)
    {
        var positive = true;
        foreach (var v in y)
        {
            if (v <= 0)
            {
                positive = false;
                break;
            }
        }
        var seasonalAllowed = m > 1 && m <= 24 && y.Length > m;
        if (Spec is { } fixedSpec)
        {
            if (fixedSpec.HasSeason && !seasonalAllowed)
                throw new ArgumentException($"{fixedSpec} needs 1 < m ≤ 24 and more than m observations.", nameof(y));
            if ((fixedSpec.Error == EtsError.Multiplicative || fixedSpec.Season == EtsSeason.Multiplicative) && !positive)
                throw new ArgumentException($"{fixedSpec} needs strictly positive data.", nameof(y));
            return [fixedSpec];
        }
        var list = new List<EtsSpec>();
        EtsError[] errors = positive ? [EtsError.Additive, EtsError.Multiplicative] : [EtsError.Additive];
        EtsTrend[] trends = AllowDamped ? [EtsTrend.None, EtsTrend.Additive, EtsTrend.Damped] : [EtsTrend.None, EtsTrend.Additive];
        EtsSeason[] seasons = !seasonalAllowed ? [EtsSeason.None]
            : positive ? [EtsSeason.None, EtsSeason.Additive, EtsSeason.Multiplicative] : [EtsSeason.None, EtsSeason.Additive];
        foreach (var e in errors)
        {
            foreach (var t in trends)
            {
                foreach (var s in seasons)
                {
                    if (e == EtsError.Additive && s == EtsSeason.Multiplicative)
                        continue;
                    list.Add(new EtsSpec(e, t, s));
                }
            }
        }
        if (Forms is { } forms)
        {
            // A form the earlier data allowed may not be allowed now (e.g. a zero arrived): then every allowed form.
            var kept = list.Where(forms.Contains).ToList();
            if (kept.Count > 0)
                return kept;
        }
        return list;
    }

    /// <summary>Fits one model; null when there are too few observations for its parameters (R returns Inf criteria).</summary>
    internal EtsFit? FitSpec(double[] y, int m, EtsSpec spec)
    {
        var seasonM = spec.HasSeason ? m : 1;
        var start = EtsCore.InitialParameters(spec, seasonM);
        if (Alpha is { } a)
            start = start with { Alpha = a };
        var init = EtsCore.InitialState(y, spec, seasonM);
        var objective = new EtsObjective(y, spec, seasonM, init.Length, Alpha, MinimizeMse);
        var x = new double[objective.ParameterCount + init.Length];
        var k = 0;
        if (Alpha is null)
            x[k++] = start.Alpha;
        if (spec.HasTrend)
            x[k++] = start.Beta;
        if (spec.HasSeason)
            x[k++] = start.Gamma;
        if (spec.Trend == EtsTrend.Damped)
            x[k++] = start.Phi;
        init.CopyTo(x, k);
        if (x.Length >= y.Length - 1)
            return null;
        if (!double.IsFinite(objective.Evaluate(x)))
            return null;
        NelderMead.Minimize(objective, x, MaxEvaluations);
        var p = objective.Unpack(x);
        var state = objective.FullState(x);
        return EtsFit.Create(y, m, spec, p, state, x.Length);
    }
}

/// <summary>The ETS likelihood (or MSE) as a function of the free parameters and initial states, R's <c>EtsTargetFunction</c>.</summary>
internal sealed class EtsObjective : IObjective
{
    private readonly double[] _y;
    private readonly EtsSpec _spec;
    private readonly int _m;
    private readonly int _stateCount;
    private readonly double? _alpha;
    private readonly bool _mse;
    private readonly double[] _state;
    private readonly double[] _season;

    public EtsObjective(double[] y, EtsSpec spec, int m, int stateCount, double? alpha, bool mse)
    {
        _y = y;
        _spec = spec;
        _m = m;
        _stateCount = stateCount;
        _alpha = alpha;
        _mse = mse;
        _state = new double[stateCount + (spec.HasSeason ? 1 : 0)];
        _season = new double[Math.Max(1, m)];
        ParameterCount = (alpha is null ? 1 : 0) + (spec.HasTrend ? 1 : 0) + (spec.HasSeason ? 1 : 0) + (spec.Trend == EtsTrend.Damped ? 1 : 0);
    }

    public int ParameterCount { get; }

    public EtsParameters Unpack(ReadOnlySpan<double> x)
    {
        var k = 0;
        var alpha = _alpha ?? x[k++];
        var beta = _spec.HasTrend ? x[k++] : 0;
        var gamma = _spec.HasSeason ? x[k++] : 0;
        var phi = _spec.Trend == EtsTrend.Damped ? x[k] : 1;
        return new EtsParameters(alpha, beta, gamma, phi);
    }

    public double[] FullState(ReadOnlySpan<double> x)
    {
        var state = new double[_state.Length];
        Fill(x, state);
        return state;
    }

    private void Fill(ReadOnlySpan<double> x, Span<double> state)
    {
        x.Slice(ParameterCount, _stateCount).CopyTo(state);
        if (_spec.HasSeason)
        {
            var s0 = _spec.HasTrend ? 2 : 1;
            var sum = 0.0;
            for (var i = s0; i < _stateCount; i++)
                sum += state[i];
            state[_stateCount] = (_spec.Season == EtsSeason.Multiplicative ? _m : 0) - sum;
        }
    }

    public double Evaluate(ReadOnlySpan<double> x)
    {
        var p = Unpack(x);
        if (!EtsCore.CheckParameters(_spec, _m, p))
            return double.PositiveInfinity;
        Fill(x, _state);
        if (_spec.Season == EtsSeason.Multiplicative)
        {
            var s0 = _spec.HasTrend ? 2 : 1;
            for (var i = s0; i < _state.Length; i++)
            {
                if (_state[i] < 0)
                    return double.PositiveInfinity;
            }
        }
        var lik = EtsCore.Filter(_y, _spec, _m, p, _state, _season, [], [], [], out var sse);
        if (_mse)
            lik = sse / _y.Length;
        if (lik < -1e10)
            lik = -1e10;
        return double.IsNaN(lik) ? double.PositiveInfinity : lik;
    }
}
