namespace RabatPlatform.Seed;

/// <summary>
/// The request bodies and routes, one small method per resource: when an API changes a field name,
/// this file is the one place to fix. Every body is serialised with the web defaults (camelCase).
/// </summary>
public static class Adapters
{
    // --- content: partners --------------------------------------------------------------------
    public const string PartnersRoute = "/api/content/partners";

    public static string PartnerRoute(string code) => $"{PartnersRoute}/{Uri.EscapeDataString(code)}";

    /// <summary><c>POST /api/content/partners</c>, <c>PUT /api/content/partners/{code}</c>.</summary>
    public static object PartnerBody(PartnerSeed p) => new
    {
        code = p.Code,
        type = p.Type,
        status = p.Status,
        names = p.Names,
        memberSince = p.MemberSince,
    };

    // --- content: chairmanships ---------------------------------------------------------------
    public const string ChairmanshipsRoute = "/api/content/chairmanships";

    /// <summary><c>POST /api/content/chairmanships</c>, <c>PUT /api/content/chairmanships/{id}</c>.</summary>
    public static object ChairmanshipBody(ChairmanshipSeed c) => new
    {
        partnerCode = c.PartnerCode,
        from = c.From,
        to = c.To,
    };

    // --- meetings -----------------------------------------------------------------------------
    public const string MeetingsRoute = "/api/meetings";

    public static string MeetingBySlugRoute(string slug) => $"{MeetingsRoute}/by-slug/{Uri.EscapeDataString(slug)}";

    /// <summary><c>POST /api/meetings</c>, <c>PUT /api/meetings/{id}</c>.</summary>
    public static object MeetingBody(MeetingSeed m) => new
    {
        kind = m.Kind,
        status = m.Status,
        translations = m.Translations.ToDictionary(t => t.Key, t => new { title = t.Value.Title, summary = t.Value.Summary, slug = t.Value.Slug }),
        startDate = m.StartDate,
        endDate = m.EndDate,
        timeZone = m.TimeZone,
        city = m.City,
        countryCode = m.CountryCode,
        format = m.Format,
        coChairs = m.CoChairs,
        themes = m.Themes,
        workingGroups = m.WorkingGroups,
        frameworkCodes = m.FrameworkCodes,
        gcmObjectives = m.GcmObjectives,
        registrationDeadline = m.RegistrationDeadline is { } d ? EndOfDay(d, m.TimeZone) : (DateTimeOffset?)null,
    };

    // --- publications -------------------------------------------------------------------------
    public const string PublicationsRoute = "/api/publications";

    public static string PublicationBySlugRoute(string slug) => $"{PublicationsRoute}/by-slug/{Uri.EscapeDataString(slug)}";

    public static string PublicationFilesRoute(Guid id) => $"{PublicationsRoute}/{id}/files";

    public static string PublicationPublishRoute(Guid id) => $"{PublicationsRoute}/{id}/publish";

    /// <summary><c>POST /api/publications</c>, <c>PUT /api/publications/{id}</c>.</summary>
    public static object PublicationBody(PublicationSeed p, Guid? relatedMeetingId) => new
    {
        type = p.Type,
        translations = p.Translations.ToDictionary(t => t.Key, t => new { title = t.Value.Title, summary = t.Value.Summary, slug = t.Value.Slug }),
        publishedOn = p.PublishedOn,
        partners = p.Partners,
        themes = p.Themes,
        gcmObjectives = p.GcmObjectives,
        relatedMeetingId,
    };

    /// <summary><c>POST /api/publications/{id}/files</c>: multipart form, fields <c>file</c> and <c>language</c>.</summary>
    public static MultipartFormDataContent PublicationFileBody(string language, string fileName, byte[] pdf)
    {
        var file = new ByteArrayContent(pdf);
        file.Headers.ContentType = new("application/pdf");
        return new MultipartFormDataContent
        {
            { file, "file", fileName },
            { new StringContent(language), "language" },
        };
    }

    // --- content: news and pages --------------------------------------------------------------
    /// <summary><c>news</c> or <c>pages</c>.</summary>
    public static string EditorialRoute(string segment) => $"/api/content/{segment}";

    public static string EditorialPublishRoute(string segment, Guid id) => $"/api/content/{segment}/{id}/publish";

    /// <summary>
    /// <c>POST …/{id}/publish</c>: the item's original date (noon UTC, so the calendar day is the same in
    /// every time zone of the partners) for an archive item, none (now) otherwise.
    /// </summary>
    public static object? EditorialPublishBody(EditorialSeed e) =>
        e.Date is { } date ? new { publishedAt = new DateTimeOffset(date.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero) } : null;

    /// <summary>The Secretariat's list of every item whatever its status (admin view with every version).</summary>
    public static string EditorialAdminListRoute(string segment, int page) => $"/api/content/{segment}?status=all&page={page}&pageSize=100";

    /// <summary><c>POST /api/content/{news|pages}</c>, <c>PUT /api/content/{news|pages}/{id}</c>.</summary>
    public static object EditorialBody(EditorialSeed e) => new
    {
        translations = e.Translations.ToDictionary(t => t.Key, t => new { title = t.Value.Title, summary = t.Value.Summary, body = t.Value.Body, slug = t.Value.Slug }),
        tags = e.Tags,
        format = "markdown",
    };

    // --- checks -------------------------------------------------------------------------------
    public const string AlignmentRoute = "/api/content/gcm-alignment";

    /// <summary>23:59 local time on <paramref name="date"/> in the meeting's time zone, sent in UTC (offset 0).</summary>
    public static DateTimeOffset EndOfDay(DateOnly date, string timeZone)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var z) ? z : TimeZoneInfo.Utc;
        var local = date.ToDateTime(new TimeOnly(23, 59));
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
