namespace Forecast.Core.Outbound;

/// <summary>
/// A file another system picks up from a folder: written under a temporary name, flushed to disk and renamed, so a
/// crash or a full disk never leaves a half file under the final name for the reader to take.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> (which must not exist) through <paramref name="write"/>; on failure nothing is left behind.</summary>
    public static async Task WriteAsync(string path, Action<Stream> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".partial";
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 14, useAsync: true))
            {
                write(file);
                await file.FlushAsync(cancellationToken);
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: false);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
