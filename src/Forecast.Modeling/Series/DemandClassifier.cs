namespace Forecast.Modeling.Series;

/// <summary>The four demand patterns of Syntetos, Boylan &amp; Croston (2005).</summary>
public enum DemandPattern
{
    /// <summary>Regular occurrences, little size variation (ADI &lt; 1.32, CV² &lt; 0.49).</summary>
    Smooth,
    /// <summary>Regular occurrences, variable sizes (ADI &lt; 1.32, CV² ≥ 0.49).</summary>
    Erratic,
    /// <summary>Infrequent occurrences, stable sizes (ADI ≥ 1.32, CV² &lt; 0.49).</summary>
    Intermittent,
    /// <summary>Infrequent occurrences, variable sizes (ADI ≥ 1.32, CV² ≥ 0.49).</summary>
    Lumpy,
}

/// <summary>Average inter-demand interval, squared coefficient of variation of the non-zero sizes, and the class they give.</summary>
public readonly record struct DemandProfile(double Adi, double Cv2, int NonZero, DemandPattern Pattern);

/// <summary>
/// Syntetos–Boylan–Croston classification of a demand series by its average inter-demand interval (ADI)
/// and the squared coefficient of variation (CV²) of its non-zero demand sizes, with the cut-offs 1.32 and 0.49
/// (Syntetos, A.A., Boylan, J.E. &amp; Croston, J.D. (2005), "On the categorization of demand patterns",
/// <i>Journal of the Operational Research Society</i> 56(5), 495–503).
/// </summary>
public static class DemandClassifier
{
    /// <summary>ADI cut-off between regular and infrequent demand.</summary>
    public const double AdiCutoff = 1.32;

    /// <summary>CV² cut-off between stable and variable sizes.</summary>
    public const double Cv2Cutoff = 0.49;

    /// <summary>Classifies <paramref name="values"/>; ADI = periods / non-zero periods (as in the car-parts statistics), CV² with the population variance.</summary>
    public static DemandProfile Classify(ReadOnlySpan<double> values)
    {
        var nonZero = 0;
        var sum = 0.0;
        foreach (var v in values)
        {
            if (v != 0 && double.IsFinite(v))
            {
                nonZero++;
                sum += v;
            }
        }
        if (nonZero == 0)
            return new DemandProfile(double.PositiveInfinity, 0, 0, DemandPattern.Lumpy);
        var mean = sum / nonZero;
        var ss = 0.0;
        foreach (var v in values)
        {
            if (v != 0 && double.IsFinite(v))
                ss += (v - mean) * (v - mean);
        }
        var cv2 = nonZero > 1 && mean != 0 ? ss / nonZero / (mean * mean) : 0;
        var adi = (double)values.Length / nonZero;
        var pattern = (adi < AdiCutoff, cv2 < Cv2Cutoff) switch
        {
            (true, true) => DemandPattern.Smooth,
            (true, false) => DemandPattern.Erratic,
            (false, true) => DemandPattern.Intermittent,
            (false, false) => DemandPattern.Lumpy,
        };
        return new DemandProfile(adi, cv2, nonZero, pattern);
    }
}
