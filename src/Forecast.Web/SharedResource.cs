namespace Forecast.Web;

/// <summary>Anchor for the UI strings: English text is the key, Resources/SharedResource.zh-TW.resx the translation.</summary>
public sealed class SharedResource;
