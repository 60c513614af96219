using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using RabatPlatform.Tests.Infrastructure;

namespace RabatPlatform.Tests.Integration.Drills;

/// <summary>
/// The HTTP clients of the replicas of one service, used as a load balancer would: requests go round-robin; a
/// request whose connection is refused (it never reached the service: the replica is down) goes to the next
/// replica, and the refusing replica gets no more requests until the drill says it is back (<see cref="MarkUp"/>,
/// the balancer's health check). A request that failed otherwise (reset, timed out) is not sent again: its
/// outcome is unknown, and the load counts it as not accepted.
/// </summary>
public sealed class ReplicaClients : IDisposable
{
    private readonly ServiceProcess[] replicas;
    private readonly HttpClient[] clients;
    private readonly int[] down;
    private readonly int[] accepted;
    private int next;
    private int failedOver;

    public ReplicaClients(ServiceProcess[] replicas, string token)
    {
        this.replicas = replicas;
        clients = replicas.Select(r =>
        {
            var client = new HttpClient { BaseAddress = r.Address, Timeout = TimeSpan.FromSeconds(30) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return client;
        }).ToArray();
        down = new int[replicas.Length];
        accepted = new int[replicas.Length];
    }

    /// <summary>Requests sent to another replica because theirs refused the connection.</summary>
    public int FailedOver => Volatile.Read(ref failedOver);

    /// <summary>Successful (2xx) answers of one replica so far.</summary>
    public int AcceptedBy(ServiceProcess replica) => Volatile.Read(ref accepted[Array.IndexOf(replicas, replica)]);

    /// <summary>The replica is healthy again: it gets its share of the requests.</summary>
    public void MarkUp(ServiceProcess replica) => Volatile.Write(ref down[Array.IndexOf(replicas, replica)], 0);

    public async Task<HttpResponseMessage> SendAsync(Func<HttpClient, Task<HttpResponseMessage>> send)
    {
        var first = (int)((uint)Interlocked.Increment(ref next) % (uint)clients.Length);
        HttpRequestException? refused = null;
        for (var attempt = 0; attempt < clients.Length; attempt++)
        {
            var i = (first + attempt) % clients.Length;
            if (Volatile.Read(ref down[i]) == 1 && attempt < clients.Length - 1)
            {
                continue;
            }

            try
            {
                var response = await send(clients[i]);
                if (response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref accepted[i]);
                }

                return response;
            }
            catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.ConnectionError
                || ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
            {
                Volatile.Write(ref down[i], 1);
                Interlocked.Increment(ref failedOver);
                refused = ex;
            }
        }

        throw refused ?? new HttpRequestException("no replica");
    }

    public void Dispose()
    {
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }
}

/// <summary>
/// The steady mixed write load of a replica drill, each stream at its own rate over its service's replicas
/// (<see cref="ReplicaClients"/>): news items created and published (content; search indexes them), delegates
/// registered to one meeting of limited capacity (meetings; subscriptions mails each of them), newsletter
/// subscriptions (subscriptions; each gets a confirmation mail), and, at a low rate, publications created, given a
/// small PDF file and published (publications; search indexes them). A write is <b>accepted</b> when its service
/// answered 2xx; one that failed (an error answer, a connection cut under it, a time-out) is <b>not accepted</b>,
/// recorded and never retried: the client was told nothing, so nothing was promised.
/// </summary>
public sealed class ReplicaLoad : IAsyncDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private readonly List<Task> loops = [];
    private readonly List<Task> writes = [];
    private readonly ReplicaClients content;
    private readonly ReplicaClients meetings;
    private readonly ReplicaClients subscriptions;
    private readonly ReplicaClients publications;
    private readonly Guid meetingId;
    private readonly string marker = Guid.NewGuid().ToString("N")[..8];
    private int n;

    private ReplicaLoad(ReplicaClients content, ReplicaClients meetings, ReplicaClients subscriptions, ReplicaClients publications, Guid meetingId)
    {
        this.content = content;
        this.meetings = meetings;
        this.subscriptions = subscriptions;
        this.publications = publications;
        this.meetingId = meetingId;
    }

    /// <summary>Ids of the news items whose publication was accepted.</summary>
    public ConcurrentBag<Guid> NewsAccepted { get; } = [];

    /// <summary>Addresses of the delegates whose registration was accepted (201), with the status it answered.</summary>
    public ConcurrentDictionary<string, string> RegistrationsAccepted { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Addresses whose subscription was accepted (202).</summary>
    public ConcurrentBag<string> SubscriptionsAccepted { get; } = [];

    /// <summary>Addresses of registrations and subscriptions not accepted (their outcome unknown to the client).</summary>
    public ConcurrentBag<string> RegistrationsNotAccepted { get; } = [];

    public ConcurrentBag<string> SubscriptionsNotAccepted { get; } = [];

    /// <summary>The publications whose publication was accepted (200), with the French slug and the bytes of their French file.</summary>
    public ConcurrentBag<PublishedPublication> PublicationsAccepted { get; } = [];

    /// <summary>Publications whose creation, upload or publication was not accepted.</summary>
    public int PublicationsNotAccepted => Volatile.Read(ref publicationsNotAccepted);

    public int NewsNotAccepted => Volatile.Read(ref newsNotAccepted);

    /// <summary>Not-accepted answers by kind and status (or exception type), for the drill's notes.</summary>
    public ConcurrentDictionary<string, int> Failures { get; } = new();

    private int newsNotAccepted;
    private int publicationsNotAccepted;

    public static ReplicaLoad Start(
        ReplicaClients content, ReplicaClients meetings, ReplicaClients subscriptions, ReplicaClients publications, Guid meetingId, DrillScale scale)
    {
        var load = new ReplicaLoad(content, meetings, subscriptions, publications, meetingId);
        var rates = ReplicaDrillRates.Of(scale);
        load.loops.Add(load.RunAsync(rates.News, load.NewsAsync));
        load.loops.Add(load.RunAsync(rates.Registrations, load.RegisterAsync));
        load.loops.Add(load.RunAsync(rates.Subscriptions, load.SubscribeAsync));
        load.loops.Add(load.RunAsync(rates.Publications, load.PublishPublicationAsync));
        return load;
    }

    public int Accepted => NewsAccepted.Count + RegistrationsAccepted.Count + SubscriptionsAccepted.Count + PublicationsAccepted.Count;

    /// <summary>Waits until <paramref name="count"/> more writes (of any kind) were accepted.</summary>
    public Task WaitForAcceptedAsync(int count, TimeSpan timeout)
    {
        var target = Accepted + count;
        return TestApi.WaitUntilAsync(() => Task.FromResult(Accepted >= target), timeout, $"{count} more writes accepted");
    }

    public async Task StopAsync()
    {
        if (!stopping.IsCancellationRequested)
        {
            await stopping.CancelAsync();
        }

        await Task.WhenAll(loops);
        Task[] pending;
        lock (writes)
        {
            pending = [.. writes];
        }

        await Task.WhenAll(pending);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        stopping.Dispose();
    }

    public string FailureSummary() =>
        Failures.IsEmpty ? "none" : string.Join(", ", Failures.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key} ×{f.Value}"));

    private async Task RunAsync(double perSecond, Func<int, Task> write)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1 / perSecond));
        using var inFlight = new SemaphoreSlim(8, 8);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping.Token))
            {
                if (!await inFlight.WaitAsync(0))
                {
                    continue; // the services are slow: the rate drops rather than piling up requests
                }

                var task = WriteAsync(write, Interlocked.Increment(ref n), inFlight);
                lock (writes)
                {
                    writes.RemoveAll(w => w.IsCompleted);
                    writes.Add(task);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        // The writes under way finish before the semaphore goes.
        Task[] pending;
        lock (writes)
        {
            pending = [.. writes];
        }

        await Task.WhenAll(pending);
    }

    private static async Task WriteAsync(Func<int, Task> write, int number, SemaphoreSlim inFlight)
    {
        try
        {
            await write(number);
        }
        finally
        {
            inFlight.Release();
        }
    }

    private async Task NewsAsync(int number)
    {
        var title = $"replica{marker}n{number}";
        try
        {
            var created = await content.SendAsync(c => c.PostAsJsonAsync("/api/content/news", TestApi.NewsBody($"Exercice {title}", $"Drill {title}")));
            if (created.StatusCode != HttpStatusCode.Created)
            {
                Fail("news create", created.StatusCode);
                return;
            }

            var id = (await created.ReadJsonAsync())["id"]!.GetValue<Guid>();
            var published = await content.SendAsync(c => c.PostAsync($"/api/content/news/{id}/publish", null));
            if (published.StatusCode == HttpStatusCode.OK)
            {
                NewsAccepted.Add(id);
            }
            else
            {
                Fail("news publish", published.StatusCode);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            Fail("news", ex);
        }
    }

    private async Task RegisterAsync(int number)
    {
        var email = $"delegate-{marker}-{number}@example.org";
        try
        {
            var response = await meetings.SendAsync(c => c.PostAsJsonAsync($"/api/meetings/{meetingId}/registrations",
                MeetingsTestApi.Delegate(email, ReplicaPlatform.Delegation)));
            if (response.StatusCode == HttpStatusCode.Created)
            {
                RegistrationsAccepted[email] = (await response.ReadJsonAsync())["status"]!.GetValue<string>();
                return;
            }

            Fail("registration", response.StatusCode);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            Fail("registration", ex);
        }

        RegistrationsNotAccepted.Add(email);
    }

    private async Task SubscribeAsync(int number)
    {
        var email = $"subscriber-{marker}-{number}@example.org";
        try
        {
            var response = await subscriptions.SendAsync(c => c.PostAsJsonAsync("/api/subscriptions/newsletter",
                new { email, language = number % 2 == 0 ? "fr" : "en", topics = Array.Empty<string>() }));
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                SubscriptionsAccepted.Add(email);
                return;
            }

            Fail("subscription", response.StatusCode);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            Fail("subscription", ex);
        }

        SubscriptionsNotAccepted.Add(email);
    }

    /// <summary>A publication created, given its French file (a small real PDF, multipart) and published: three requests, each to the next replica.</summary>
    private async Task PublishPublicationAsync(int number)
    {
        var slug = $"replica{marker}p{number}";
        var pdf = PublicationsTestApi.Pdf($"Drill {slug}", 4096);
        try
        {
            var created = await publications.SendAsync(c => c.PostAsJsonAsync("/api/publications", PublicationsTestApi.Body(slug)));
            if (created.StatusCode != HttpStatusCode.Created)
            {
                Fail("publication create", created.StatusCode);
                return;
            }

            var id = (await created.ReadJsonAsync())["id"]!.GetValue<Guid>();
            var uploaded = await publications.SendAsync(c => c.PostAsync($"/api/publications/{id}/files",
                PublicationsTestApi.Multipart(pdf, $"{slug}.pdf", "fr")));
            if (uploaded.StatusCode != HttpStatusCode.Created)
            {
                Fail("publication upload", uploaded.StatusCode);
                return;
            }

            var published = await publications.SendAsync(c => c.PostAsync($"/api/publications/{id}/publish", null));
            if (published.StatusCode == HttpStatusCode.OK)
            {
                PublicationsAccepted.Add(new(id, $"{slug}-fr", pdf));
            }
            else
            {
                Fail("publication publish", published.StatusCode);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            Fail("publication", ex);
        }
    }

    private void Fail(string kind, HttpStatusCode status)
    {
        Failures.AddOrUpdate($"{kind} {(int)status}", 1, (_, c) => c + 1);
        CountNotAccepted(kind);
    }

    private void Fail(string kind, Exception ex)
    {
        var reason = ex is HttpRequestException { HttpRequestError: var error } ? $"{error}" : ex.GetType().Name;
        Failures.AddOrUpdate($"{kind} {reason}", 1, (_, c) => c + 1);
        CountNotAccepted(kind);
    }

    private void CountNotAccepted(string kind)
    {
        if (kind.StartsWith("news", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref newsNotAccepted);
        }
        else if (kind.StartsWith("publication", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref publicationsNotAccepted);
        }
    }
}

/// <summary>A publication the load published: its id, the slug of its French version and the bytes of its French file.</summary>
public sealed record PublishedPublication(Guid Id, string Slug, byte[] File);

/// <summary>
/// The rates of the four write streams (per second; a publication is three requests: create, upload, publish) and
/// the meeting's capacity at a scale.
/// </summary>
public sealed record ReplicaDrillRates(
    double News, double Registrations, double Subscriptions, double Publications, int Capacity, int Kills, TimeSpan Down, TimeSpan After)
{
    public static ReplicaDrillRates Of(DrillScale scale) => scale.Full
        ? new(10, 4, 4, 2, 100, 3, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10))
        : new(4, 3, 3, 1, 12, 1, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3));
}
