using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RabatPlatform.Clients;
using RabatPlatform.Clients.Content;
using RabatPlatform.Clients.Meetings;
using RabatPlatform.Clients.Publications;

namespace RabatPlatform.Seed;

public sealed class SeedException(string message) : Exception(message);

/// <summary>
/// The gateway, with a secretariat token, through the clients generated from the services' OpenAPI
/// documents (<c>clients/dotnet</c>): one HttpClient, whose handler retries what is worth retrying.
/// </summary>
public sealed class Gateway : IDisposable
{
    private readonly HttpClient http;

    public Gateway(Uri baseAddress)
    {
        http = new HttpClient(new TransientRetryHandler { InnerHandler = new HttpClientHandler() })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
        Content = new ContentClient(http);
        Meetings = new MeetingsClient(http);
        Publications = new PublicationsClient(http);
    }

    public ContentClient Content { get; }

    public MeetingsClient Meetings { get; }

    public PublicationsClient Publications { get; }

    public async Task AuthenticateAsync(string? token, CancellationToken ct)
    {
        if (token is null)
        {
            // The gateway's own Development endpoint: in no service's document, so no generated client.
            using var response = await http.PostAsJsonAsync("/api/auth/dev-token", new { role = "secretariat" }, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
            {
                throw new SeedException($"POST /api/auth/dev-token (Development only; else pass --token): {(int)response.StatusCode} {text}");
            }

            token = JsonNode.Parse(text)?["accessToken"]?.GetValue<string>() ?? throw new SeedException("The dev-token answer has no accessToken.");
        }

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>
    /// <c>POST /api/publications/{id}/files</c>, by hand: the publications document describes the form as a
    /// bare file (no <c>language</c> field), so its generated method cannot send it. Use the generated
    /// method once the document describes the form.
    /// </summary>
    public async Task UploadAsync(string path, MultipartFormDataContent form, CancellationToken ct)
    {
        using var response = await http.PostAsync(path, form, ct);
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            throw new ApiException($"POST {path}", (int)response.StatusCode, text, new Dictionary<string, IEnumerable<string>>(), null);
        }
    }

    /// <summary>
    /// A write, retried while its answer names a field that depends on another service's events
    /// (<paramref name="waitField"/>, e.g. <c>coChairs</c> before the meetings service has heard of the partners).
    /// </summary>
    public static async Task<T> WaitingForAsync<T>(string waitField, Func<Task<T>> write, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await write();
            }
            catch (ApiException ex) when (attempt < 30 && ex.StatusCode is 400 or 404 or 409 or 422
                && ex.Response?.Contains(waitField, StringComparison.OrdinalIgnoreCase) == true)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
        }
    }

    /// <summary>The answer of a lookup, or null when it is 404.</summary>
    public static async Task<T?> FindAsync<T>(Func<Task<T>> get)
        where T : class
    {
        try
        {
            return await get();
        }
        catch (ApiException ex) when (ex.StatusCode == 404)
        {
            return null;
        }
    }

    public void Dispose() => http.Dispose();

    /// <summary>429, 502, 503, 504 and connection failures: up to 8 tries, waiting a second more each time.</summary>
    private sealed class TransientRetryHandler : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            if (request.Content is not null)
            {
                await request.Content.LoadIntoBufferAsync(ct); // so a retry can send the body again
            }

            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    var response = await base.SendAsync(request, ct);
                    if ((int)response.StatusCode is not (429 or 502 or 503 or 504) || attempt >= 8)
                    {
                        return response;
                    }

                    response.Dispose();
                }
                catch (HttpRequestException) when (attempt < 8)
                {
                }

                await Task.Delay(TimeSpan.FromSeconds(attempt), ct);
            }
        }
    }
}
