namespace Forecast.Modeling.Evaluation;

/// <summary>One overridden period once its actual is known: the model's forecast and the planner's, made at the same time.</summary>
public readonly record struct OverrideOutcome(double Actual, double Model, double Override)
{
    public double ModelError => Math.Abs(Actual - Model);
    public double OverrideError => Math.Abs(Actual - Override);
    /// <summary>Positive: the override was closer to what happened than the model.</summary>
    public double Gain => ModelError - OverrideError;
}

/// <summary>
/// Forecast value added of overrides (Gilliland, <i>The Business Forecasting Deal</i>, 2010): over the overridden
/// periods, the model's mean absolute error minus the overrides'. Positive means the overrides beat the model. Bias is
/// mean(forecast − actual): positive over-forecasts.
/// </summary>
public sealed record ValueAddedSummary(int Periods, int Helped, int Hurt, int Unchanged, double ModelMae, double OverrideMae, double ModelBias, double OverrideBias)
{
    /// <summary>MAE(model) − MAE(overrides), in units per period.</summary>
    public double ValueAdded => ModelMae - OverrideMae;

    /// <summary><see cref="ValueAdded"/> as a share of the model's MAE (null when the model made no error).</summary>
    public double? RelativeValueAdded => ModelMae > 0 ? ValueAdded / ModelMae : null;

    public static ValueAddedSummary Of(IReadOnlyCollection<OverrideOutcome> outcomes, double tolerance = 1e-9)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        if (outcomes.Count == 0)
            return new ValueAddedSummary(0, 0, 0, 0, 0, 0, 0, 0);
        return new ValueAddedSummary(
            outcomes.Count,
            outcomes.Count(o => o.Gain > tolerance),
            outcomes.Count(o => o.Gain < -tolerance),
            outcomes.Count(o => Math.Abs(o.Gain) <= tolerance),
            outcomes.Average(o => o.ModelError),
            outcomes.Average(o => o.OverrideError),
            outcomes.Average(o => o.Model - o.Actual),
            outcomes.Average(o => o.Override - o.Actual));
    }
}
