using Microsoft.Extensions.Options;
using RabatPlatform.Publications.Features.Publications;

namespace RabatPlatform.Publications.Features.Files;

/// <summary>
/// Objects as files under one folder (<c>Publications:Storage:Kind</c> <c>FileSystem</c>, the default): key
/// <c>yyyy/MM/&lt;guid&gt;</c>. A write goes to a temporary file that is moved into place only when complete, and
/// deleted when anything fails. Replicas share it when the folder is shared (one machine, or a ReadWriteMany
/// volume); otherwise use <see cref="DatabaseFileStorage"/>.
/// </summary>
public sealed class LocalFileStorage : IFileStorage
{
    private readonly string root;
    private readonly TimeProvider time;

    public LocalFileStorage(IOptions<PublicationsOptions> options, IHostEnvironment environment, TimeProvider time)
    {
        this.time = time;
        var configured = options.Value.Storage.Path;
        root = Path.GetFullPath(string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(environment.ContentRootPath, "data", "publications")
            : configured);
        Directory.CreateDirectory(root);
    }

    public string Root => root;

    public async Task<string> WriteAsync(Stream content, CancellationToken cancellationToken)
    {
        var key = StorageKeys.New(time.GetUtcNow());
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".part";
        try
        {
            await using (var file = new FileStream(temporary, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                Options = FileOptions.Asynchronous,
                BufferSize = 81920,
            }))
            {
                await content.CopyToAsync(file, 81920, cancellationToken);
            }

            File.Move(temporary, path);
            return key;
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        if (!File.Exists(path))
        {
            return Task.FromResult<Stream?>(null);
        }

        try
        {
            Stream stream = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.Read | FileShare.Delete,
                Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
                BufferSize = 0,
            });
            return Task.FromResult<Stream?>(stream);
        }
        catch (FileNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        File.Delete(PathOf(key));
        return Task.CompletedTask;
    }

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) => Task.FromResult(File.Exists(PathOf(key)));

    private string PathOf(string key) => Path.Combine(root, StorageKeys.Checked(key).Replace('/', Path.DirectorySeparatorChar));
}
