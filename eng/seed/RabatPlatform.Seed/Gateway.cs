using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace RabatPlatform.Seed;

/// <summary>An answer: its status and, when it has one, its JSON body.</summary>
public sealed record Answer(HttpStatusCode Status, JsonNode? Body, string Text)
{
    public bool Ok => (int)Status is >= 200 and < 300;

    public Answer EnsureOk(string what) => Ok
        ? this
        : throw new SeedException($"{what}: {(int)Status} {Status} {Clip(Text)}");

    private static string Clip(string text) => text.Length > 800 ? text[..800] + "…" : text;
}

public sealed class SeedException(string message) : Exception(message);

/// <summary>The gateway, with a secretariat token; retries what is worth retrying.</summary>
public sealed class Gateway : IDisposable
{
    private readonly HttpClient http;

    public Gateway(Uri baseAddress) =>
        http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };

    public async Task AuthenticateAsync(string? token, CancellationToken ct)
    {
        if (token is null)
        {
            var answer = await SendAsync(HttpMethod.Post, "/api/auth/dev-token", JsonContent.Create(new { role = "secretariat" }), ct);
            token = answer.EnsureOk("POST /api/auth/dev-token (Development only; else pass --token)").Body?["accessToken"]?.GetValue<string>()
                ?? throw new SeedException("The dev-token answer has no accessToken.");
        }

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public Task<Answer> GetAsync(string path, CancellationToken ct) => SendAsync(HttpMethod.Get, path, null, ct);

    public Task<Answer> PostAsync(string path, object? body, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, path, body is null ? null : JsonContent.Create(body, options: SeedDataSet.Json), ct);

    public Task<Answer> PutAsync(string path, object body, CancellationToken ct) =>
        SendAsync(HttpMethod.Put, path, JsonContent.Create(body, options: SeedDataSet.Json), ct);

    /// <summary>
    /// Sends a write, retrying while the answer names a field that depends on another service's events
    /// (<paramref name="waitField"/>, e.g. <c>coChairs</c> before the meetings service has heard of the partners).
    /// </summary>
    public async Task<Answer> WriteAsync(HttpMethod method, string path, Func<HttpContent> body, string? waitField, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var answer = await SendAsync(method, path, body(), ct);
            var waiting = waitField is not null && (int)answer.Status is 400 or 404 or 409 or 422
                && answer.Text.Contains(waitField, StringComparison.OrdinalIgnoreCase);
            if (!waiting || attempt >= 30)
            {
                return answer;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }
    }

    public async Task<Answer> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken ct)
    {
        var buffered = content is null ? null : await content.ReadAsByteArrayAsync(ct);
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, path);
            if (buffered is not null)
            {
                request.Content = new ByteArrayContent(buffered);
                foreach (var header in content!.Headers)
                {
                    request.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }

            try
            {
                using var response = await http.SendAsync(request, ct);
                var text = await response.Content.ReadAsStringAsync(ct);
                var transient = (int)response.StatusCode is 429 or 502 or 503 or 504;
                if (transient && attempt < 8)
                {
                    await Task.Delay(TimeSpan.FromSeconds(attempt), ct);
                    continue;
                }

                JsonNode? body = null;
                if (text.Length > 0 && response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true)
                {
                    body = JsonNode.Parse(text);
                }

                return new Answer(response.StatusCode, body, text);
            }
            catch (HttpRequestException) when (attempt < 8)
            {
                await Task.Delay(TimeSpan.FromSeconds(attempt), ct);
            }
        }
    }

    public void Dispose() => http.Dispose();
}
