using System.Net;
using System.Net.Http.Json;
using RabatPlatform.Tests.Infrastructure;

namespace RabatPlatform.Tests.Integration.Drills;

/// <summary>
/// The steady write load of a drill: news items created and published through the content service's API at a
/// fixed rate (each a <c>news.published</c> event in its outbox), whatever happens to the platform meanwhile. A
/// write that fails (the service killed, restarting) is counted and not retried: what counts as written is what
/// the content database holds, read at the end.
/// </summary>
public sealed class DrillLoad : IAsyncDisposable
{
    private readonly HttpClient client;
    private readonly CancellationTokenSource stopping = new();
    private readonly SemaphoreSlim inFlight = new(8, 8);
    private readonly List<Task> writes = [];
    private readonly Task loop;
    private int succeeded;
    private int failed;

    private DrillLoad(HttpClient client, double perSecond)
    {
        this.client = client;
        loop = RunAsync(perSecond);
    }

    public int Succeeded => Volatile.Read(ref succeeded);

    public int Failed => Volatile.Read(ref failed);

    public static DrillLoad Start(HttpClient secretariat, double perSecond) => new(secretariat, perSecond);

    /// <summary>Waits until <paramref name="count"/> more writes succeeded (the load is flowing), or fails the drill.</summary>
    public Task WaitForWritesAsync(int count, TimeSpan timeout)
    {
        var target = Succeeded + count;
        return TestApi.WaitUntilAsync(() => Task.FromResult(Succeeded >= target), timeout, $"{count} more writes succeeded");
    }

    /// <summary>Stops writing and waits for the writes under way.</summary>
    public async Task StopAsync()
    {
        await stopping.CancelAsync();
        await loop;
        Task[] pending;
        lock (writes)
        {
            pending = [.. writes];
        }

        await Task.WhenAll(pending);
    }

    public async ValueTask DisposeAsync()
    {
        if (!stopping.IsCancellationRequested)
        {
            await StopAsync();
        }

        stopping.Dispose();
    }

    private async Task RunAsync(double perSecond)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1 / perSecond));
        var n = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(stopping.Token))
            {
                if (!await inFlight.WaitAsync(0))
                {
                    continue; // the service is slow or away: the rate drops rather than piling up requests
                }

                var write = WriteAsync(++n);
                lock (writes)
                {
                    writes.RemoveAll(w => w.IsCompleted);
                    writes.Add(write);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task WriteAsync(int n)
    {
        try
        {
            var marker = TestApi.Unique($"drill{n}");
            var created = await client.PostAsJsonAsync("/api/content/news", TestApi.NewsBody($"Exercice {marker}", $"Drill {marker}"));
            if (created.StatusCode != HttpStatusCode.Created)
            {
                Interlocked.Increment(ref failed);
                return;
            }

            var id = (await created.ReadJsonAsync())["id"]!.GetValue<Guid>();
            var published = await client.PostAsync($"/api/content/news/{id}/publish", null);
            Interlocked.Increment(ref published.StatusCode == HttpStatusCode.OK ? ref succeeded : ref failed);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            Interlocked.Increment(ref failed);
        }
        finally
        {
            inFlight.Release();
        }
    }
}
