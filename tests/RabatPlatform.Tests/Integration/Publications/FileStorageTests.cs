using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RabatPlatform.Contracts;
using RabatPlatform.Publications.Data;
using RabatPlatform.Publications.Features.Files;
using RabatPlatform.Publications.Features.Publications;
using RabatPlatform.Tests.Infrastructure;
using static RabatPlatform.Tests.Infrastructure.PublicationsTestApi;

namespace RabatPlatform.Tests.Integration.Publications;

/// <summary>
/// The file stores behind <see cref="IFileStorage"/>: the folder and the database, with the same contract; and
/// replicas that share files through the database with no shared folder.
/// </summary>
[Collection(MeetingsCollection.Name)]
public sealed class FileStorageTests(PlatformFixture platform) : IAsyncLifetime
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"rabat-store-{Guid.NewGuid():N}");

    public Task InitializeAsync() => platform.ResetAsync();

    public Task DisposeAsync()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        return Task.CompletedTask;
    }

    private IConfiguration PublicationsConfiguration => platform.Publications.Services.GetRequiredService<IConfiguration>();

    private IFileStorage Store(StorageKind kind) => kind == StorageKind.Database
        ? new DatabaseFileStorage(PublicationsConfiguration, TimeProvider.System)
        : new LocalFileStorage(
            Options.Create(new PublicationsOptions { Storage = { Path = folder } }),
            platform.Publications.Services.GetRequiredService<IHostEnvironment>(),
            TimeProvider.System);

    [Theory]
    [InlineData(StorageKind.FileSystem)]
    [InlineData(StorageKind.Database)]
    public async Task A_store_gives_back_every_byte_any_range_and_forgets_a_deleted_object(StorageKind kind)
    {
        var store = Store(kind);
        // Over two chunks of the database store, so that reads cross a chunk boundary.
        var bytes = new byte[(DatabaseFileStorage.ChunkSize * 2) + 1234];
        Random.Shared.NextBytes(bytes);

        var key = await store.WriteAsync(new MemoryStream(bytes), default);
        Assert.True(await store.ExistsAsync(key, default));
        await using (var stream = (await store.OpenReadAsync(key, default))!)
        {
            Assert.True(stream.CanSeek);
            Assert.Equal(bytes.Length, stream.Length);
            var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            Assert.Equal(bytes, copy.ToArray());

            var across = DatabaseFileStorage.ChunkSize - 10;
            stream.Seek(across, SeekOrigin.Begin);
            var slice = new byte[30];
            await stream.ReadExactlyAsync(slice);
            Assert.Equal(bytes[across..(across + 30)], slice);
        }

        var empty = await store.WriteAsync(new MemoryStream(), default);
        await using (var stream = (await store.OpenReadAsync(empty, default))!)
        {
            Assert.Equal(0, stream.Length);
            Assert.Equal(0, await stream.ReadAsync(new byte[10]));
        }

        await store.DeleteAsync(key, default);
        Assert.False(await store.ExistsAsync(key, default));
        Assert.Null(await store.OpenReadAsync(key, default));
        await Assert.ThrowsAsync<ArgumentException>(() => store.OpenReadAsync("../../etc/passwd", default));
    }

    [Fact]
    public async Task A_write_that_fails_midway_leaves_nothing_in_the_database()
    {
        var store = Store(StorageKind.Database);
        await Assert.ThrowsAsync<IOException>(() => store.WriteAsync(new FailingStream(DatabaseFileStorage.ChunkSize + 100), default));

        var left = await platform.InDbAsync<PublicationsDbContext, int>(platform.Publications.Services, async db =>
            await db.Set<StoredObject>().CountAsync() + await db.Set<StoredObjectChunk>().CountAsync());
        Assert.Equal(0, left);
    }

    [Fact]
    public async Task A_file_uploaded_through_one_replica_downloads_from_another_with_no_shared_folder()
    {
        ServiceHost<PublicationsApiMarker> Replica(string name)
        {
            var settings = ServiceTestSettings.Publications(Path.Combine(folder, name));
            settings["Publications:Storage:Kind"] = nameof(StorageKind.Database);
            settings[$"ConnectionStrings:{ResourceNames.PublicationsDb}"] = PublicationsConfiguration.GetConnectionString(ResourceNames.PublicationsDb);
            settings[$"ConnectionStrings:{ResourceNames.Messaging}"] = PublicationsConfiguration.GetConnectionString(ResourceNames.Messaging);
            return new ServiceHost<PublicationsApiMarker>(settings).Start();
        }

        await using var first = Replica("first");
        await using var second = Replica("second");
        var token = (await platform.ClientAsAsync("secretariat")).DefaultRequestHeaders.Authorization;
        var writer = first.CreateClient();
        writer.DefaultRequestHeaders.Authorization = token;

        var slug = TestApi.Unique("replicas");
        var id = await CreateAsync(writer, Body(slug));
        var bytes = Pdf("replicas", 50_000);
        await UploadOkAsync(writer, id, bytes, "replicas.pdf", "fr");
        await PublishAsync(writer, id);

        var download = await second.CreateClient().SendAsync(Get($"/api/publications/{slug}-fr/files/fr"));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync());

        var range = Get($"/api/publications/{slug}-fr/files/fr");
        range.Headers.Range = new RangeHeaderValue(100, 199);
        var partial = await second.CreateClient().SendAsync(range);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(bytes[100..200], await partial.Content.ReadAsByteArrayAsync());
        Assert.False(Directory.Exists(folder) && Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Any(),
            "no replica wrote the file to a folder");
    }

    /// <summary>Gives <c>length</c> bytes, then fails as a dropped upload does.</summary>
    private sealed class FailingStream(int length) : MemoryStream(new byte[length])
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await base.ReadAsync(buffer, cancellationToken);
            return read > 0 ? read : throw new IOException("The client went away.");
        }
    }
}
