using System.Text.Json;

namespace RabatPlatform.Seed;

/// <summary>One language version of an item in the data files.</summary>
public sealed record TextVersion(string Title, string Slug, string? Summary, string? Body);

public sealed record PartnerSeed(string Key, string Code, string Type, string Status, Dictionary<string, string> Names, DateOnly? MemberSince);

public sealed record ChairmanshipSeed(string Key, string PartnerCode, DateOnly From, DateOnly? To);

public sealed record MeetingSeed(
    string Key,
    string Kind,
    string Status,
    Dictionary<string, TextVersion> Translations,
    DateOnly StartDate,
    DateOnly EndDate,
    string TimeZone,
    string? City,
    string? CountryCode,
    string Format,
    List<string> CoChairs,
    List<string> Themes,
    List<string> WorkingGroups,
    List<string> FrameworkCodes,
    List<int> GcmObjectives,
    DateOnly? RegistrationDeadline);

public sealed record PublicationSeed(
    string Key,
    string Type,
    Dictionary<string, TextVersion> Translations,
    DateOnly PublishedOn,
    List<string> Partners,
    List<string> Themes,
    List<int> GcmObjectives,
    string? RelatedMeetingKey);

/// <summary>A news item or a page (same editorial shape).</summary>
public sealed record EditorialSeed(string Key, Dictionary<string, TextVersion> Translations, List<string> Tags, DateOnly? Date);

/// <summary>The data set of <c>eng/seed/data/*.json</c>.</summary>
public sealed record SeedDataSet(
    IReadOnlyList<PartnerSeed> Partners,
    IReadOnlyList<ChairmanshipSeed> Chairmanships,
    IReadOnlyList<MeetingSeed> Meetings,
    IReadOnlyList<PublicationSeed> Publications,
    IReadOnlyList<EditorialSeed> News,
    IReadOnlyList<EditorialSeed> Pages)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static SeedDataSet Load(string directory) => new(
        Read<PartnerSeed>(directory, "partners.json"),
        Read<ChairmanshipSeed>(directory, "chairmanships.json"),
        Read<MeetingSeed>(directory, "meetings.json"),
        Read<PublicationSeed>(directory, "publications.json"),
        Read<EditorialSeed>(directory, "news.json"),
        Read<EditorialSeed>(directory, "pages.json"));

    private static List<T> Read<T>(string directory, string file)
    {
        var path = Path.Combine(directory, file);
        return File.Exists(path)
            ? JsonSerializer.Deserialize<List<T>>(File.ReadAllText(path), Json) ?? []
            : throw new FileNotFoundException($"Seed data file not found: {path}", path);
    }
}
