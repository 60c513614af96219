using System.Text.Json;
using System.Text.Json.Serialization;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Refuses a NUL character in any string of a request body: PostgreSQL cannot store one (22021), so it would
/// otherwise surface as a 500 wherever a string reaches the database. The body is then malformed for this
/// operation: a 400 naming the field (ServiceDefaults' problem details for JSON binding failures).
/// </summary>
internal sealed class NoNulStrings : JsonConverter<string>
{
    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var value = reader.GetString();
        return value is not null && value.Contains('\0', StringComparison.Ordinal)
            ? throw new JsonException("A string may not contain a NUL character.")
            : value;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
