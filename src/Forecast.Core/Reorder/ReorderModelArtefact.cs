using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using Forecast.Modeling.Reorder;

namespace Forecast.Core.Reorder;

/// <summary>The fitted reorder model as stored in <c>model_versions.artefact</c>: gzip-compressed JSON of its parameters.</summary>
internal static class ReorderModelArtefact
{
    /// <summary>Bumped when the stored form or the model's meaning changes, so old versions are refitted rather than misread.</summary>
    public const string Format = "reorder-model/3";

    public static readonly JsonSerializerOptions Json = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    public static byte[] Serialize(ReorderModelParameters parameters)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal))
            JsonSerializer.Serialize(gzip, parameters, Json);
        return buffer.ToArray();
    }

    public static ReorderModelParameters Deserialize(byte[] artefact)
    {
        using var gzip = new GZipStream(new MemoryStream(artefact), CompressionMode.Decompress);
        return JsonSerializer.Deserialize<ReorderModelParameters>(gzip, Json)
               ?? throw new InvalidDataException("The stored reorder model is empty.");
    }
}
