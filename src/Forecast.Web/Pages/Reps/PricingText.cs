namespace Forecast.Web;

/// <summary>Anchor for the deal page's price suggestions: English text is the key, Resources/PricingText.zh-TW.resx the translation.</summary>
public sealed class PricingText;
