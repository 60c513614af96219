using Microsoft.Extensions.Options;

namespace RabatPlatform.Meetings.Features.Meetings;

/// <summary>
/// Bounds the writes that lock a meeting's row (<see cref="MeetingsOptions.MaxConcurrentWrites"/> per instance).
/// Writes to one meeting are serialised by PostgreSQL anyway; without this gate a rush of hundreds of such writes
/// would each hold a pooled connection while waiting for the row lock and exhaust the pool. Beyond the gate, requests
/// wait in memory (not on a connection) up to <see cref="MeetingsOptions.WriteQueueTimeout"/>, then get a 503 problem
/// with <c>Retry-After</c>. New registrations do not pass it: their seat line admits them
/// (<see cref="Registrations.SeatQueue"/>).
/// </summary>
public sealed class WriteGate(IOptions<MeetingsOptions> options) : IDisposable
{
    private readonly SemaphoreSlim slots = new(options.Value.MaxConcurrentWrites, options.Value.MaxConcurrentWrites);

    public async Task<IDisposable?> EnterAsync(CancellationToken cancellationToken) =>
        await slots.WaitAsync(options.Value.WriteQueueTimeout, cancellationToken) ? new Slot(slots) : null;

    public void Dispose() => slots.Dispose();

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}

/// <summary>The endpoint filter that passes a write through the <see cref="WriteGate"/>.</summary>
internal sealed class WriteGateFilter(WriteGate gate) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        using var slot = await gate.EnterAsync(http.RequestAborted);
        if (slot is null)
        {
            http.Response.Headers.RetryAfter = "5";
            return MeetingsProblems.Busy(RequestLanguage.Resolve(http));
        }

        return await next(context);
    }
}

internal static class WriteGateExtensions
{
    /// <summary>The write gate, and the 503 (with Retry-After) it answers when every slot stays busy, in the OpenAPI document.</summary>
    public static TBuilder WithWriteGate<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter<TBuilder, WriteGateFilter>().WithMetadata(new Microsoft.AspNetCore.Http.ProducesResponseTypeMetadata(
            StatusCodes.Status503ServiceUnavailable, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]));
}
