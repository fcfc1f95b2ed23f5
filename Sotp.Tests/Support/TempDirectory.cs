namespace Sotp.Tests.Support;

/// <summary>A folder under the system temp directory that the test owns and deletes.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory(string prefix = "sotp-test")
    {
        Path = Directory.CreateTempSubdirectory(prefix + "-").FullName;
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A server we started may still be closing a file; the OS temp cleaner gets the rest.
        }
    }
}
