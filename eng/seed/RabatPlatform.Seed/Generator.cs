using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using RabatPlatform.Contracts;

namespace RabatPlatform.Seed;

/// <summary>
/// The large data set: synthetic bilingual items written with PostgreSQL COPY straight into each
/// service's own tables, with one outbox row per item in the same transaction, so the services'
/// outbox dispatchers publish the very events an API write would have (search indexes them,
/// the GCM matrix and the notifications see them). Batches of <see cref="BatchSize"/> rows commit
/// one by one, so events start flowing while the rest is written.
/// </summary>
internal static class Generator
{
    public const int BatchSize = 5_000;

    // The outbox payload is the event serialised as the services do (OutboxMessage: web defaults).
    private static readonly JsonSerializerOptions EventJson = new(JsonSerializerDefaults.Web);

    public static async Task<int> RunAsync(Options options, CancellationToken ct)
    {
        var pg = options.Get("pg") ?? Environment.GetEnvironmentVariable("RABAT_PG")
            ?? "Host=127.0.0.1;Port=55432;Username=postgres;Password=postgres";
        var random = new Random(options.Int("random-seed", Environment.TickCount));
        var run = Convert.ToHexString(BitConverter.GetBytes(random.Next()))[..6].ToLowerInvariant();
        var suffix = options.Get("db-suffix") ?? "";
        var news = options.Int("news", 0);
        var meetings = options.Int("meetings", 0);
        var publications = options.Int("publications", 0);
        var subscribers = options.Int("subscribers", 0);
        var skipped = new List<string>();
        var total = Stopwatch.StartNew();

        if (news > 0)
        {
            await TimedAsync("news", news, () => NewsAsync(Db(pg, ResourceNames.ContentDb + suffix), news, random, run, skipped, ct));
        }

        if (meetings > 0)
        {
            await TimedAsync("meetings", meetings, () => MeetingsAsync(Db(pg, ResourceNames.MeetingsDb + suffix), meetings, random, run, skipped, ct));
        }

        if (publications > 0)
        {
            await TimedAsync("publications", publications, () => PublicationsAsync(Db(pg, ResourceNames.PublicationsDb + suffix), publications, random, run, skipped, ct));
        }

        if (subscribers > 0)
        {
            await TimedAsync("subscribers", subscribers, () => SubscribersAsync(Db(pg, ResourceNames.SubscriptionsDb + suffix), subscribers, random, run, skipped, ct));
        }

        foreach (var reason in skipped)
        {
            Console.Error.WriteLine($"generate: skipped {reason}");
        }

        Console.WriteLine($"generate: done in {total.Elapsed.TotalSeconds:F1} s (run tag {run}); the outbox dispatchers publish the events now");
        return skipped.Count == 0 ? 0 : 3;
    }

    private static string Db(string pg, string database) =>
        new NpgsqlConnectionStringBuilder(pg) { Database = database, CommandTimeout = 600 }.ConnectionString;

    private static async Task TimedAsync(string what, int count, Func<Task<bool>> action)
    {
        var watch = Stopwatch.StartNew();
        if (await action())
        {
            Console.WriteLine($"generate: {count:N0} {what} in {watch.Elapsed.TotalSeconds:F1} s ({count / Math.Max(watch.Elapsed.TotalSeconds, 0.001):N0}/s)");
        }
    }

    // --- content: news ----------------------------------------------------------------------------

    private static async Task<bool> NewsAsync(string cs, int count, Random random, string run, List<string> skipped, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync(ct);
        if ((await MissingAsync(connection, "editorial_items", ["id", "kind", "status", "tags", "created_at", "updated_at", "published_at", "revision"], ct)
            ?? await MissingAsync(connection, "editorial_translations", ["item_id", "language", "kind", "title", "summary", "body", "source", "format", "slug", "ready"], ct))
            is { } missing)
        {
            skipped.Add($"news: {missing} (content's editorial feature not merged yet?)");
            return false;
        }

        var now = DateTimeOffset.UtcNow;
        for (var start = 0; start < count; start += BatchSize)
        {
            var batch = Enumerable.Range(start, Math.Min(BatchSize, count - start)).Select(i => NewsItem(i, random, run, now)).ToList();
            await using var tx = await connection.BeginTransactionAsync(ct);
            await using (var w = await connection.BeginBinaryImportAsync(
                "COPY editorial_items (id, kind, status, tags, created_at, updated_at, published_at, revision) FROM STDIN (FORMAT BINARY)", ct))
            {
                foreach (var n in batch)
                {
                    await w.StartRowAsync(ct);
                    await w.WriteAsync(n.Id, NpgsqlDbType.Uuid, ct);
                    await w.WriteAsync("News", NpgsqlDbType.Varchar, ct);
                    await w.WriteAsync("Published", NpgsqlDbType.Varchar, ct);
                    await w.WriteAsync(n.Tags.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
                    await w.WriteAsync(n.PublishedAt, NpgsqlDbType.TimestampTz, ct);
                    await w.WriteAsync(n.PublishedAt, NpgsqlDbType.TimestampTz, ct);
                    await w.WriteAsync(n.PublishedAt, NpgsqlDbType.TimestampTz, ct);
                    await w.WriteAsync(1, NpgsqlDbType.Integer, ct);
                }

                await w.CompleteAsync(ct);
            }

            await using (var w = await connection.BeginBinaryImportAsync(
                "COPY editorial_translations (item_id, language, kind, title, summary, body, source, format, slug, ready) FROM STDIN (FORMAT BINARY)", ct))
            {
                foreach (var n in batch)
                {
                    foreach (var (language, t) in n.Texts)
                    {
                        await w.StartRowAsync(ct);
                        await w.WriteAsync(n.Id, NpgsqlDbType.Uuid, ct);
                        await w.WriteAsync(language, NpgsqlDbType.Varchar, ct);
                        await w.WriteAsync("News", NpgsqlDbType.Varchar, ct);
                        await w.WriteAsync(t.Title, NpgsqlDbType.Varchar, ct);
                        await w.WriteAsync(t.Summary!, NpgsqlDbType.Varchar, ct);
                        await w.WriteAsync(t.Body!, NpgsqlDbType.Text, ct);
                        await w.WriteAsync(t.Summary!, NpgsqlDbType.Text, ct);
                        await w.WriteAsync("markdown", NpgsqlDbType.Varchar, ct);
                        await w.WriteAsync(t.Slug, NpgsqlDbType.Varchar, ct);
                        await w.WriteAsync(true, NpgsqlDbType.Boolean, ct);
                    }
                }

                await w.CompleteAsync(ct);
            }

            await OutboxAsync(connection, batch.Select(n => (IIntegrationEvent)new NewsPublished(
                Guid.CreateVersion7(now), now, n.Id, n.PublishedAt, n.Texts, n.Tags)), ct);
            await tx.CommitAsync(ct);
        }

        return true;
    }

    private sealed record GeneratedNews(Guid Id, DateTimeOffset PublishedAt, Dictionary<string, TranslatedText> Texts, List<string> Tags);

    private static GeneratedNews NewsItem(int i, Random random, string run, DateTimeOffset now)
    {
        var theme = Pick(random, Vocabulary.Themes);
        var place = Pick(random, Vocabulary.Places);
        var (fr, en) = Pick(random, Vocabulary.NewsTemplates);
        var publishedAt = now.AddMinutes(-random.Next(60 * 24 * 61, 60 * 24 * 365 * 10)); // an archive: older than the newsletter's NotifyMaxAge
        var titleFr = string.Format(CultureInfo.InvariantCulture, fr, theme.Fr, place.CityFr);
        var titleEn = string.Format(CultureInfo.InvariantCulture, en, theme.En, place.CityEn);
        var summaryFr = $"Les pays partenaires et les organisations du Processus de Rabat ont échangé à {place.CityFr} sur {theme.Fr}.";
        var summaryEn = $"Partner countries and organisations of the Rabat Process exchanged views in {place.CityEn} on {theme.En}.";
        var texts = new Dictionary<string, TranslatedText>
        {
            ["fr"] = new(titleFr, summaryFr, $"<p>{summaryFr}</p>", $"{Vocabulary.Slug(titleFr)}-{run}-{i}"),
            ["en"] = new(titleEn, summaryEn, $"<p>{summaryEn}</p>", $"{Vocabulary.Slug(titleEn)}-{run}-{i}"),
        };
        return new(Guid.CreateVersion7(publishedAt), publishedAt, texts, [theme.Code]);
    }

    // --- meetings ---------------------------------------------------------------------------------

    private static async Task<bool> MeetingsAsync(string cs, int count, Random random, string run, List<string> skipped, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync(ct);
        if ((await MissingAsync(connection, "meetings", ["id", "status", "kind", "start_date", "end_date", "time_zone", "city", "country_code", "format",
                "co_chairs", "themes", "working_groups", "framework_codes", "gcm_objectives", "agenda", "moderated", "created_at", "updated_at"], ct)
            ?? await MissingAsync(connection, "meeting_translations", ["meeting_id", "language", "title", "summary", "slug"], ct))
            is { } missing)
        {
            skipped.Add($"meetings: {missing} (meetings feature not merged yet?)");
            return false;
        }

        var now = DateTimeOffset.UtcNow;
        for (var start = 0; start < count; start += BatchSize)
        {
            var batch = Enumerable.Range(start, Math.Min(BatchSize, count - start)).Select(i => MeetingItem(i, random, run, now)).ToList();
            await using var tx = await connection.BeginTransactionAsync(ct);
            await using (var w = await connection.BeginBinaryImportAsync(
                "COPY meetings (id, status, kind, start_date, end_date, time_zone, city, country_code, format, co_chairs, themes, working_groups, " +
                "framework_codes, gcm_objectives, agenda, moderated, created_at, updated_at) FROM STDIN (FORMAT BINARY)", ct))
            {
                foreach (var (id, place, data) in batch)
                {
                    await w.StartRowAsync(ct);
                    await w.WriteAsync(id, NpgsqlDbType.Uuid, ct);
                    await w.WriteAsync("Announced", NpgsqlDbType.Varchar, ct);
                    await w.WriteAsync(data.Kind, NpgsqlDbType.Varchar, ct);
                    await w.WriteAsync(data.StartDate, NpgsqlDbType.Date, ct);
                    await w.WriteAsync(data.EndDate, NpgsqlDbType.Date, ct);
                    await w.WriteAsync(data.Format == "virtual" ? "UTC" : place.TimeZone, NpgsqlDbType.Varchar, ct);
                    await WriteNullableAsync(w, data.City, NpgsqlDbType.Varchar, ct);
                    await WriteNullableAsync(w, data.CountryCode, NpgsqlDbType.Varchar, ct);
                    await w.WriteAsync(data.Format, NpgsqlDbType.Varchar, ct);
                    await w.WriteAsync(data.CoChairs.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
                    await w.WriteAsync(data.Themes.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
                    await w.WriteAsync(Array.Empty<string>(), NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
                    await w.WriteAsync(Array.Empty<string>(), NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
                    await w.WriteAsync(data.GcmObjectives.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Integer, ct);
                    await w.WriteAsync("[]", NpgsqlDbType.Jsonb, ct);
                    await w.WriteAsync(false, NpgsqlDbType.Boolean, ct);
                    await w.WriteAsync(now, NpgsqlDbType.TimestampTz, ct);
                    await w.WriteAsync(now, NpgsqlDbType.TimestampTz, ct);
                }

                await w.CompleteAsync(ct);
            }

            await using (var w = await connection.BeginBinaryImportAsync(
                "COPY meeting_translations (meeting_id, language, title, summary, slug) FROM STDIN (FORMAT BINARY)", ct))
            {
                foreach (var (id, _, data) in batch)
                {
                    foreach (var (language, t) in data.Translations)
                    {
                        await w.StartRowAsync(ct);
                        await w.WriteAsync(id, NpgsqlDbType.Uuid, ct);
                        await w.WriteAsync(language, NpgsqlDbType.Varchar, ct);
                        await w.WriteAsync(t.Title, NpgsqlDbType.Varchar, ct);
                        await w.WriteAsync(t.Summary!, NpgsqlDbType.Varchar, ct);
                        await w.WriteAsync(t.Slug, NpgsqlDbType.Varchar, ct);
                    }
                }

                await w.CompleteAsync(ct);
            }

            await OutboxAsync(connection, batch.Select(m => (IIntegrationEvent)new MeetingAnnounced(Guid.CreateVersion7(now), now, m.Id, m.Data)), ct);
            await tx.CommitAsync(ct);
        }

        return true;
    }

    private static (Guid Id, Vocabulary.Place Place, MeetingData Data) MeetingItem(int i, Random random, string run, DateTimeOffset now)
    {
        var kind = Pick(random, Vocabulary.MeetingKinds);
        var theme = Pick(random, Vocabulary.Themes);
        var place = Pick(random, Vocabulary.Places);
        var format = kind.Code == "webinar" ? "virtual" : random.Next(10) == 0 ? "hybrid" : "in-person";
        var start = DateOnly.FromDateTime(now.UtcDateTime).AddDays(random.Next(-365 * 8, -3)); // past meetings: nobody is mailed about them
        var end = start.AddDays(random.Next(0, 3));
        var where = format == "virtual" ? ("en ligne", "online") : (place.CityFr, place.CityEn);
        var titleFr = $"{kind.Fr} sur {theme.Fr} – {where.Item1} {start.Year}";
        var titleEn = $"{kind.En} on {theme.En} – {where.Item2} {start.Year}";
        var summaryFr = $"{kind.Fr} du Processus de Rabat consacré(e) à {theme.Fr}, avec les pays partenaires d'Europe et d'Afrique du Nord, de l'Ouest et centrale.";
        var summaryEn = $"A Rabat Process {kind.En.ToLowerInvariant()} on {theme.En}, with partner countries of Europe and North, West and Central Africa.";
        var translations = new Dictionary<string, TranslatedText>
        {
            ["fr"] = new(titleFr, summaryFr, null, $"{Vocabulary.Slug(titleFr)}-{run}-{i}"),
            ["en"] = new(titleEn, summaryEn, null, $"{Vocabulary.Slug(titleEn)}-{run}-{i}"),
        };
        var data = new MeetingData(kind.Code, translations, start, end, format == "virtual" ? null : place.CityFr,
            format == "virtual" ? null : place.Country, format, [], [theme.Code], []);
        return (Guid.CreateVersion7(now), place, data);
    }

    // --- publications (metadata only: no files) -----------------------------------------------------

    private static async Task<bool> PublicationsAsync(string cs, int count, Random random, string run, List<string> skipped, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync(ct);
        if ((await MissingAsync(connection, "publications", ["id", "type", "status", "published_on", "authors", "partners", "themes", "frameworks",
                "gcm_objectives", "related_meeting_id", "created_at", "updated_at", "published_at"], ct)
            ?? await MissingAsync(connection, "publication_translations", ["publication_id", "language", "title", "summary", "slug"], ct))
            is { } missing)
        {
            skipped.Add($"publications: {missing} (publications feature not merged yet?)");
            return false;
        }

        var now = DateTimeOffset.UtcNow;
        for (var start = 0; start < count; start += BatchSize)
        {
            var batch = Enumerable.Range(start, Math.Min(BatchSize, count - start)).Select(i => PublicationItem(i, random, run, now)).ToList();
            await using var tx = await connection.BeginTransactionAsync(ct);
            await using (var w = await connection.BeginBinaryImportAsync(
                "COPY publications (id, type, status, published_on, authors, partners, themes, frameworks, gcm_objectives, related_meeting_id, " +
                "created_at, updated_at, published_at) FROM STDIN (FORMAT BINARY)", ct))
            {
                foreach (var (id, data) in batch)
                {
                    await w.StartRowAsync(ct);
                    await w.WriteAsync(id, NpgsqlDbType.Uuid, ct);
                    await w.WriteAsync(data.Type, NpgsqlDbType.Varchar, ct);
                    await w.WriteAsync("Published", NpgsqlDbType.Varchar, ct);
                    await w.WriteAsync(data.PublishedOn, NpgsqlDbType.Date, ct);
                    await w.WriteAsync(Array.Empty<string>(), NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
                    await w.WriteAsync(data.Partners.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
                    await w.WriteAsync(data.Themes.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
                    await w.WriteAsync(Array.Empty<string>(), NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
                    await w.WriteAsync(data.GcmObjectives.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Integer, ct);
                    await w.WriteNullAsync(ct);
                    await w.WriteAsync(now, NpgsqlDbType.TimestampTz, ct);
                    await w.WriteAsync(now, NpgsqlDbType.TimestampTz, ct);
                    await w.WriteAsync(now, NpgsqlDbType.TimestampTz, ct);
                }

                await w.CompleteAsync(ct);
            }

            await using (var w = await connection.BeginBinaryImportAsync(
                "COPY publication_translations (publication_id, language, title, summary, slug) FROM STDIN (FORMAT BINARY)", ct))
            {
                foreach (var (id, data) in batch)
                {
                    foreach (var (language, t) in data.Translations)
                    {
                        await w.StartRowAsync(ct);
                        await w.WriteAsync(id, NpgsqlDbType.Uuid, ct);
                        await w.WriteAsync(language, NpgsqlDbType.Varchar, ct);
                        await w.WriteAsync(t.Title, NpgsqlDbType.Varchar, ct);
                        await w.WriteAsync(t.Summary!, NpgsqlDbType.Varchar, ct);
                        await w.WriteAsync(t.Slug, NpgsqlDbType.Varchar, ct);
                    }
                }

                await w.CompleteAsync(ct);
            }

            await OutboxAsync(connection, batch.Select(p => (IIntegrationEvent)new PublicationPublished(Guid.CreateVersion7(now), now, p.Id, p.Data)), ct);
            await tx.CommitAsync(ct);
        }

        return true;
    }

    private static (Guid Id, PublicationData Data) PublicationItem(int i, Random random, string run, DateTimeOffset now)
    {
        var type = Pick(random, Vocabulary.PublicationTypes);
        var theme = Pick(random, Vocabulary.Themes);
        var place = Pick(random, Vocabulary.Places);
        var on = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-random.Next(61, 365 * 12)); // older than NotifyMaxAge
        var titleFr = $"{type.Fr} : {theme.Fr} ({on.Year})";
        var titleEn = $"{type.En}: {theme.En} ({on.Year})";
        var summaryFr = $"{type.Fr} du Processus de Rabat sur {theme.Fr}, fondé(e) sur des consultations avec les pays partenaires, dont {place.CityFr}.";
        var summaryEn = $"A Rabat Process {type.En.ToLowerInvariant()} on {theme.En}, based on consultations with partner countries, including {place.CityEn}.";
        var translations = new Dictionary<string, TranslatedText>
        {
            ["fr"] = new(titleFr, summaryFr, null, $"{Vocabulary.Slug(titleFr)}-{run}-{i}"),
            ["en"] = new(titleEn, summaryEn, null, $"{Vocabulary.Slug(titleEn)}-{run}-{i}"),
        };
        return (Guid.CreateVersion7(now), new PublicationData(type.Code, translations, on, [place.Country], [theme.Code], [], null));
    }

    // --- newsletter subscribers (confirmed; no event: the contracts have none for them yet) ----------

    private static async Task<bool> SubscribersAsync(string cs, int count, Random random, string run, List<string> skipped, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync(ct);
        if (await MissingAsync(connection, "newsletter_subscribers", ["id", "email", "email_hash", "language", "topics", "state", "stamp",
                "created_at", "updated_at", "requested_at", "consent_at"], ct) is { } missing)
        {
            skipped.Add($"subscribers: {missing} (newsletter feature not merged yet?)");
            return false;
        }

        // The address hash is HMAC-SHA256(pepper, address) as the service computes it (Subscriptions:HashPepper;
        // the service's Development default unless RABAT_NEWSLETTER_PEPPER says otherwise).
        var pepper = System.Text.Encoding.UTF8.GetBytes(Environment.GetEnvironmentVariable("RABAT_NEWSLETTER_PEPPER") ?? "development-only-newsletter-pepper");
        string[] topics = ["news", "meetings", "publications", .. Vocabulary.Themes.Select(t => t.Code)];
        var now = DateTimeOffset.UtcNow;
        for (var start = 0; start < count; start += BatchSize * 4)
        {
            await using var w = await connection.BeginBinaryImportAsync(
                "COPY newsletter_subscribers (id, email, email_hash, language, topics, state, stamp, created_at, updated_at, requested_at, consent_at) " +
                "FROM STDIN (FORMAT BINARY)", ct);
            for (var i = start; i < Math.Min(start + BatchSize * 4, count); i++)
            {
                var email = $"subscriber-{run}-{i}@example.org";
                var consent = now.AddMinutes(-random.Next(1, 60 * 24 * 365 * 5));
                await w.StartRowAsync(ct);
                await w.WriteAsync(Guid.CreateVersion7(consent), NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(email, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(pepper, System.Text.Encoding.UTF8.GetBytes(email))), NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(random.Next(3) == 0 ? "en" : "fr", NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(topics.Where(_ => random.Next(3) == 0).DefaultIfEmpty("news").ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
                await w.WriteAsync("confirmed", NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()), NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(consent, NpgsqlDbType.TimestampTz, ct);
                await w.WriteAsync(consent, NpgsqlDbType.TimestampTz, ct);
                await w.WriteAsync(consent, NpgsqlDbType.TimestampTz, ct);
                await w.WriteAsync(consent, NpgsqlDbType.TimestampTz, ct);
            }

            await w.CompleteAsync(ct);
        }

        return true;
    }

    // --- shared -----------------------------------------------------------------------------------

    /// <summary>One pending row per event in the service's <c>outbox_messages</c> (what <c>db.Publish</c> writes).</summary>
    private static async Task OutboxAsync(NpgsqlConnection connection, IEnumerable<IIntegrationEvent> events, CancellationToken ct)
    {
        await using var w = await connection.BeginBinaryImportAsync(
            "COPY outbox_messages (id, type, payload, created_at, status, attempts, next_attempt_at) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var e in events)
        {
            await w.StartRowAsync(ct);
            await w.WriteAsync(e.EventId, NpgsqlDbType.Uuid, ct);
            await w.WriteAsync(EventTypes.NameOf(e.GetType()), NpgsqlDbType.Varchar, ct);
            await w.WriteAsync(JsonSerializer.Serialize(e, e.GetType(), EventJson), NpgsqlDbType.Jsonb, ct);
            await w.WriteAsync(e.OccurredAt, NpgsqlDbType.TimestampTz, ct);
            await w.WriteAsync(0, NpgsqlDbType.Integer, ct);
            await w.WriteAsync(0, NpgsqlDbType.Integer, ct);
            await w.WriteAsync(e.OccurredAt, NpgsqlDbType.TimestampTz, ct);
        }

        await w.CompleteAsync(ct);
    }

    /// <summary>Null when the table has every column, else what is missing.</summary>
    internal static async Task<string?> MissingAsync(NpgsqlConnection connection, string table, string[] columns, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @t", connection);
        command.Parameters.AddWithValue("t", table);
        var present = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                present.Add(reader.GetString(0));
            }
        }

        if (present.Count == 0)
        {
            return $"no table {table}";
        }

        var missing = columns.Where(c => !present.Contains(c)).ToList();
        return missing.Count == 0 ? null : $"table {table} lacks {string.Join(", ", missing)}";
    }

    private static Task WriteNullableAsync(NpgsqlBinaryImporter w, string? value, NpgsqlDbType type, CancellationToken ct) =>
        value is null ? w.WriteNullAsync(ct) : w.WriteAsync(value, type, ct);

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
