namespace RabatPlatform.Tests.Infrastructure;

/// <summary>Files of the repository the tests read (the seed data set, the docs), found above the test binaries.</summary>
public static class RepositoryFiles
{
    /// <summary>The full path of <paramref name="relativePath"/> in the repository (a file or a folder that holds <paramref name="marker"/>).</summary>
    public static string Find(string relativePath, string? marker = null)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relativePath);
            if (File.Exists(marker is null ? candidate : Path.Combine(candidate, marker)))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{relativePath} not found above {AppContext.BaseDirectory}");
    }
}
