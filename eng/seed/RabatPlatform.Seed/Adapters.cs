using System.Text.Json;
using RabatPlatform.Clients.Content;
using RabatPlatform.Clients.Meetings;
using RabatPlatform.Clients.Publications;

namespace RabatPlatform.Seed;

/// <summary>
/// Every call the seed makes, in one file, through the clients generated from the services' OpenAPI
/// documents (<c>clients/dotnet</c>, from <c>clients/openapi/*.json</c>): the request types are the
/// documents' and the method names NSwag's (from operationIds, else from path and method). When a
/// document changes (a renamed operation, a field), the build fails here, and this is the one place to fix.
/// (<c>!</c> on an optional text: the documents mark some nullable fields required; the API takes null there.)
/// </summary>
public static class Adapters
{
    // --- content: partners --------------------------------------------------------------------
    public static Task<PartnerView?> FindPartnerAsync(Gateway g, string code, CancellationToken ct) =>
        Gateway.FindAsync(() => g.Content.GetPartnerAsync(code, cancellationToken: ct));

    public static Task<PartnerView> CreatePartnerAsync(Gateway g, PartnerSeed p, CancellationToken ct) =>
        g.Content.CreatePartnerAsync(body: PartnerBody(p), cancellationToken: ct);

    public static Task<PartnerView> UpdatePartnerAsync(Gateway g, PartnerSeed p, CancellationToken ct) =>
        g.Content.UpdatePartnerAsync(p.Code, body: PartnerBody(p), cancellationToken: ct);

    private static PartnerWriteRequest PartnerBody(PartnerSeed p) => new()
    {
        Code = p.Code,
        Type = p.Type,
        Status = p.Status,
        Names = p.Names,
        MemberSince = p.MemberSince,
    };

    // --- content: chairmanships ---------------------------------------------------------------
    public static async Task<List<ChairmanshipView>> ChairmanshipsAsync(Gateway g, CancellationToken ct) =>
        (await g.Content.ListChairmanshipsAsync(cancellationToken: ct)).Items;

    public static Task<ChairmanshipView> CreateChairmanshipAsync(Gateway g, ChairmanshipSeed c, CancellationToken ct) =>
        g.Content.CreateChairmanshipAsync(body: ChairmanshipBody(c), cancellationToken: ct);

    public static Task<ChairmanshipView> UpdateChairmanshipAsync(Gateway g, Guid id, ChairmanshipSeed c, CancellationToken ct) =>
        g.Content.UpdateChairmanshipAsync(id, body: ChairmanshipBody(c), cancellationToken: ct);

    private static ChairmanshipWriteRequest ChairmanshipBody(ChairmanshipSeed c) => new() { PartnerCode = c.PartnerCode, From = c.From, To = c.To };

    // --- meetings -----------------------------------------------------------------------------
    public static Task<MeetingView?> FindMeetingAsync(Gateway g, string slug, CancellationToken ct) =>
        Gateway.FindAsync(() => g.Meetings.GetMeetingBySlugAsync(slug, cancellationToken: ct));

    /// <summary>The meetings service learns partners from partner.registered: waits for the co-chairs.</summary>
    public static async Task<Guid> CreateMeetingAsync(Gateway g, MeetingSeed m, CancellationToken ct) =>
        (await Gateway.WaitingForAsync("coChairs", () => g.Meetings.CreateMeetingAsync(body: MeetingBody(m), cancellationToken: ct), ct)).Id;

    public static Task UpdateMeetingAsync(Gateway g, Guid id, MeetingSeed m, CancellationToken ct) =>
        Gateway.WaitingForAsync("coChairs", () => g.Meetings.UpdateMeetingAsync(id, body: MeetingBody(m), cancellationToken: ct), ct);

    private static MeetingWriteRequest MeetingBody(MeetingSeed m) => new()
    {
        Kind = m.Kind,
        Status = m.Status,
        Translations = m.Translations.ToDictionary(t => t.Key, t => new MeetingTranslationInput { Title = t.Value.Title, Summary = t.Value.Summary!, Slug = t.Value.Slug }),
        StartDate = m.StartDate,
        EndDate = m.EndDate,
        TimeZone = m.TimeZone,
        City = m.City!,
        CountryCode = m.CountryCode!,
        Format = m.Format,
        CoChairs = [.. m.CoChairs],
        Themes = [.. m.Themes],
        WorkingGroups = [.. m.WorkingGroups],
        FrameworkCodes = [.. m.FrameworkCodes],
        GcmObjectives = [.. m.GcmObjectives],
        RegistrationDeadline = m.RegistrationDeadline is { } d ? EndOfDay(d, m.TimeZone) : null,
    };

    // --- publications -------------------------------------------------------------------------
    public static Task<PublicationView?> FindPublicationAsync(Gateway g, string slug, CancellationToken ct) =>
        Gateway.FindAsync(() => g.Publications.GetPublicationBySlugAsync(slug, cancellationToken: ct));

    /// <summary>The publications service learns meetings from meeting.announced: waits for the related one.</summary>
    public static Task<PublicationAdminView> CreatePublicationAsync(Gateway g, PublicationSeed p, Guid? relatedMeetingId, CancellationToken ct) =>
        Gateway.WaitingForAsync("relatedMeetingId", () => g.Publications.CreatePublicationAsync(body: PublicationBody(p, relatedMeetingId), cancellationToken: ct), ct);

    public static Task UpdatePublicationAsync(Gateway g, Guid id, PublicationSeed p, Guid? relatedMeetingId, CancellationToken ct) =>
        Gateway.WaitingForAsync("relatedMeetingId", () => g.Publications.UpdatePublicationAsync(id, body: PublicationBody(p, relatedMeetingId), cancellationToken: ct), ct);

    public static Task PublishPublicationAsync(Gateway g, Guid id, CancellationToken ct) => g.Publications.PublishPublicationAsync(id, cancellationToken: ct);

    /// <summary><c>POST /api/publications/{id}/files</c>: multipart form, fields <c>file</c> and <c>language</c> (see <see cref="Gateway.UploadAsync"/>).</summary>
    public static Task UploadPublicationFileAsync(Gateway g, Guid id, string language, string fileName, byte[] pdf, CancellationToken ct)
    {
        var file = new ByteArrayContent(pdf);
        file.Headers.ContentType = new("application/pdf");
        return g.UploadAsync($"/api/publications/{id}/files", new MultipartFormDataContent
        {
            { file, "file", fileName },
            { new StringContent(language), "language" },
        }, ct);
    }

    private static PublicationWriteRequest PublicationBody(PublicationSeed p, Guid? relatedMeetingId) => new()
    {
        Type = p.Type,
        Translations = p.Translations.ToDictionary(t => t.Key, t => new PublicationTranslationInput { Title = t.Value.Title, Summary = t.Value.Summary!, Slug = t.Value.Slug }),
        PublishedOn = p.PublishedOn,
        Partners = [.. p.Partners],
        Themes = [.. p.Themes],
        GcmObjectives = [.. p.GcmObjectives],
        RelatedMeetingId = relatedMeetingId,
    };

    // --- content: news and pages --------------------------------------------------------------
    /// <summary>The Secretariat's list of every item whatever its status (admin view with every version), one page of 100.</summary>
    public static Task<PagedListOfEditorialAdminView> EditorialAdminPageAsync(Gateway g, string segment, int page, CancellationToken ct) =>
        segment == "news"
            ? g.Content.ListNewsAsync(status: "all", page: page, pageSize: 100, cancellationToken: ct)
            : g.Content.ListPagesAsync(status: "all", page: page, pageSize: 100, cancellationToken: ct);

    public static async Task<Guid> CreateEditorialAsync(Gateway g, string segment, EditorialSeed e, CancellationToken ct) =>
        (segment == "news" ? await g.Content.CreateNewsAsync(body: EditorialBody(e), cancellationToken: ct) : await g.Content.CreatePageAsync(body: EditorialBody(e), cancellationToken: ct)).Id;

    public static Task UpdateEditorialAsync(Gateway g, string segment, Guid id, EditorialSeed e, CancellationToken ct) =>
        segment == "news" ? g.Content.UpdateNewsAsync(id, body: EditorialBody(e), cancellationToken: ct) : g.Content.UpdatePageAsync(id, body: EditorialBody(e), cancellationToken: ct);

    /// <summary>
    /// <c>POST …/{id}/publish</c>: the item's original date (noon UTC, so the calendar day is the same in
    /// every time zone of the partners) for an archive item, none (now) otherwise.
    /// </summary>
    public static Task PublishEditorialAsync(Gateway g, string segment, Guid id, EditorialSeed e, CancellationToken ct)
    {
        var body = e.Date is { } date ? new PublishRequest { PublishedAt = new DateTimeOffset(date.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero) } : null;
        return segment == "news" ? g.Content.PublishNewsAsync(id, body: body, cancellationToken: ct) : g.Content.PublishPageAsync(id, body: body, cancellationToken: ct);
    }

    private static EditorialWriteRequest EditorialBody(EditorialSeed e) => new()
    {
        Translations = e.Translations.ToDictionary(t => t.Key, t => new EditorialTranslationInput { Title = t.Value.Title, Summary = t.Value.Summary!, Body = t.Value.Body!, Slug = t.Value.Slug }),
        Tags = [.. e.Tags],
        Format = "markdown",
    };

    // --- checks -------------------------------------------------------------------------------
    /// <summary><c>GET /api/content/gcm-alignment</c> (French: the platform's default language).</summary>
    public static Task<AlignmentView> AlignmentAsync(Gateway g, CancellationToken ct) => g.Content.GetGcmAlignmentAsync(cancellationToken: ct);

    // --- reading the views --------------------------------------------------------------------
    /// <summary>
    /// A text field of a view: the documents type some strings loosely today (an empty schema, so the
    /// generated property is <c>object</c> holding a <see cref="JsonElement"/>); this reads either form.
    /// </summary>
    public static string? Text(object? value) => value switch
    {
        null => null,
        string s => s,
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
        JsonElement { ValueKind: JsonValueKind.Null } => null,
        _ => value.ToString(),
    };

    /// <summary>An entry of a map field of a view (<c>names.fr</c>), whatever its generated type.</summary>
    public static string? Entry(object? map, string key) => map switch
    {
        IDictionary<string, string> d => d.TryGetValue(key, out var v) ? v : null,
        JsonElement { ValueKind: JsonValueKind.Object } e => e.TryGetProperty(key, out var v) ? Text(v) : null,
        _ => null,
    };

    /// <summary>23:59 local time on <paramref name="date"/> in the meeting's time zone, sent in UTC (offset 0).</summary>
    public static DateTimeOffset EndOfDay(DateOnly date, string timeZone)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var z) ? z : TimeZoneInfo.Utc;
        var local = date.ToDateTime(new TimeOnly(23, 59));
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
