namespace Forecast.Modeling.Models.Auto;

/// <summary>What a cross-validation row was used for inside <see cref="AutoModel"/>.</summary>
public enum CvRowRole
{
    /// <summary>
    /// One candidate's forecast in one rolling-origin window. Every window's selection rows ranked the candidates
    /// (<see cref="AutoFit.CvScores"/>) and chose what is served.
    /// </summary>
    Selection,

    /// <summary>
    /// The forecast of the option chosen on earlier windows only, in a window held out from that choice (the outer
    /// split): <see cref="AutoFit.CvMase"/> is the mean absolute error of these rows over <see cref="AutoFit.CvScale"/>.
    /// With a single window there is no held-out window and these rows are the served choice's own.
    /// </summary>
    Outer,
}

/// <summary>
/// One row of <see cref="AutoModel"/>'s cross-validation, in the shape of statsforecast's <c>cross_validation</c>
/// output (Nixtla, <c>core.py</c>): the model was fitted on periods [0, <see cref="Cutoff"/>) and forecast
/// <see cref="Step"/> periods ahead, to period <see cref="Target"/>.
/// </summary>
/// <param name="Candidate">
/// The candidate's <see cref="IForecastModel.Name"/>; for <see cref="CvRowRole.Outer"/> rows the option served in that
/// window, its members joined with <c>+</c>.
/// </param>
/// <param name="Cutoff">Periods the model was fitted on (an index into <see cref="Series.RegularSeries.Values"/>: the last training period is Cutoff − 1).</param>
/// <param name="Step">1 for the first period after the cutoff.</param>
/// <param name="Actual">The held-out value.</param>
/// <param name="Forecast">The forecast (NaN when the candidate failed in that window).</param>
/// <param name="Role">Whether the row chose the model or scored the choice on a held-out window.</param>
public sealed record CvRow(string Candidate, int Cutoff, int Step, double Actual, double Forecast, CvRowRole Role)
{
    /// <summary>The period forecast: Cutoff + Step − 1.</summary>
    public int Target => Cutoff + Step - 1;
}
