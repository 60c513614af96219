namespace RabatPlatform.Clients;

/// <summary>
/// An answer the generated clients did not expect (a status the document does not list, or an error
/// status): one type for the five clients (they are generated with <c>/generateExceptionClasses:false</c>),
/// with the constructors NSwag's code calls.
/// </summary>
public class ApiException(
    string message,
    int statusCode,
    string? response,
    IReadOnlyDictionary<string, IEnumerable<string>> headers,
    Exception? innerException)
    : Exception($"{message} ({statusCode}): {Clip(response)}", innerException)
{
    public int StatusCode { get; } = statusCode;

    /// <summary>The body of the answer (usually the platform's problem details, JSON).</summary>
    public string? Response { get; } = response;

    public IReadOnlyDictionary<string, IEnumerable<string>> Headers { get; } = headers;

    private static string Clip(string? text) => text is null ? "(no body)" : text.Length > 800 ? text[..800] + "…" : text;
}

/// <summary>An answer the document describes as an error, with its deserialised body.</summary>
public class ApiException<TResult>(
    string message,
    int statusCode,
    string? response,
    IReadOnlyDictionary<string, IEnumerable<string>> headers,
    TResult result,
    Exception? innerException)
    : ApiException(message, statusCode, response, headers, innerException)
{
    public TResult Result { get; } = result;
}
