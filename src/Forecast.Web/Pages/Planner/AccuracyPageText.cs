namespace Forecast.Web;

/// <summary>
/// Anchor for the forecast accuracy page's strings: English text is the key, Resources/AccuracyPageText.zh-TW.resx the
/// translation (a file of its own, so the page's words do not crowd the shared one).
/// </summary>
public sealed class AccuracyPageText;
