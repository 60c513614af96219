using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace RabatPlatform.Seed;

/// <summary>
/// Loads the real data set through the gateway, in dependency order, idempotently: each item is
/// looked up by its natural key (partner code, chair and start date, French slug) first and skipped
/// when it exists (or replaced with <c>--update</c>).
/// </summary>
public sealed class Loader(Gateway gateway, SeedDataSet data, bool update, TextWriter log)
{
    private readonly Dictionary<string, Guid> meetingIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Created, int Updated, int Skipped)> counts = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, (int Created, int Updated, int Skipped)> Counts => counts;

    public async Task RunAsync(CancellationToken ct)
    {
        await PartnersAsync(ct);
        await ChairmanshipsAsync(ct);
        await MeetingsAsync(ct);
        await PublicationsAsync(ct);
        await EditorialAsync("news", data.News, ct);
        await EditorialAsync("pages", data.Pages, ct);
        foreach (var (kind, (created, updated, skipped)) in counts)
        {
            log.WriteLine($"{kind,-14} created {created,3}  updated {updated,3}  unchanged {skipped,3}");
        }
    }

    private async Task PartnersAsync(CancellationToken ct)
    {
        foreach (var p in data.Partners)
        {
            var existing = await gateway.GetAsync(Adapters.PartnerRoute(p.Code), ct);
            if (existing.Status == HttpStatusCode.NotFound)
            {
                (await gateway.PostAsync(Adapters.PartnersRoute, Adapters.PartnerBody(p), ct)).EnsureOk($"partner {p.Code}");
                Count("partners", created: true);
            }
            else if (Same(existing.EnsureOk($"GET partner {p.Code}").Body, p))
            {
                Count("partners");
            }
            else
            {
                (await gateway.PutAsync(Adapters.PartnerRoute(p.Code), Adapters.PartnerBody(p), ct)).EnsureOk($"partner {p.Code}");
                Count("partners", updated: true);
            }
        }

        static bool Same(JsonNode? view, PartnerSeed p) =>
            view?["type"]?.GetValue<string>() == p.Type && view["status"]?.GetValue<string>() == p.Status
            && p.Names.All(n => view["names"]?[n.Key]?.GetValue<string>() == n.Value)
            && view["memberSince"]?.GetValue<string>() == p.MemberSince?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task ChairmanshipsAsync(CancellationToken ct)
    {
        if (data.Chairmanships.Count == 0)
        {
            return;
        }

        var list = (await gateway.GetAsync(Adapters.ChairmanshipsRoute, ct)).EnsureOk("GET chairmanships").Body?["items"]?.AsArray() ?? [];
        foreach (var c in data.Chairmanships)
        {
            var from = c.From.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            var to = c.To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            var row = list.FirstOrDefault(i => i?["partnerCode"]?.GetValue<string>() == c.PartnerCode && i["from"]?.GetValue<string>() == from);
            if (row is null)
            {
                (await gateway.PostAsync(Adapters.ChairmanshipsRoute, Adapters.ChairmanshipBody(c), ct)).EnsureOk($"chairmanship {c.Key}");
                Count("chairmanships", created: true);
            }
            else if (row["to"]?.GetValue<string>() == to)
            {
                Count("chairmanships");
            }
            else
            {
                var id = row["id"]!.GetValue<string>();
                (await gateway.PutAsync($"{Adapters.ChairmanshipsRoute}/{id}", Adapters.ChairmanshipBody(c), ct)).EnsureOk($"chairmanship {c.Key}");
                Count("chairmanships", updated: true);
            }
        }
    }

    private async Task MeetingsAsync(CancellationToken ct)
    {
        foreach (var m in data.Meetings)
        {
            var existing = await gateway.GetAsync(Adapters.MeetingBySlugRoute(m.Translations["fr"].Slug), ct);
            if (existing.Status == HttpStatusCode.NotFound)
            {
                // The meetings service learns partners from partner.registered: wait for the co-chairs.
                var created = (await gateway.WriteAsync(HttpMethod.Post, Adapters.MeetingsRoute,
                    () => JsonContent.Create(Adapters.MeetingBody(m), options: SeedDataSet.Json), "coChairs", ct)).EnsureOk($"meeting {m.Key}");
                meetingIds[m.Key] = IdOf(created, m.Key);
                Count("meetings", created: true);
                continue;
            }

            var id = IdOf(existing.EnsureOk($"GET meeting {m.Key}"), m.Key);
            meetingIds[m.Key] = id;
            if (update)
            {
                (await gateway.WriteAsync(HttpMethod.Put, $"{Adapters.MeetingsRoute}/{id}",
                    () => JsonContent.Create(Adapters.MeetingBody(m), options: SeedDataSet.Json), "coChairs", ct)).EnsureOk($"meeting {m.Key}");
                Count("meetings", updated: true);
            }
            else
            {
                Count("meetings");
            }
        }
    }

    private async Task PublicationsAsync(CancellationToken ct)
    {
        foreach (var p in data.Publications)
        {
            Guid? related = p.RelatedMeetingKey is { } key
                ? meetingIds.TryGetValue(key, out var mid) ? mid : throw new SeedException($"publication {p.Key}: unknown meeting {key}")
                : null;
            var existing = await gateway.GetAsync(Adapters.PublicationBySlugRoute(p.Translations["fr"].Slug), ct);
            Guid id;
            JsonNode? view;
            var created = existing.Status == HttpStatusCode.NotFound;
            if (created)
            {
                // The publications service learns meetings from meeting.announced: wait for the related one.
                var answer = (await gateway.WriteAsync(HttpMethod.Post, Adapters.PublicationsRoute,
                    () => JsonContent.Create(Adapters.PublicationBody(p, related), options: SeedDataSet.Json), "relatedMeetingId", ct)).EnsureOk($"publication {p.Key}");
                id = IdOf(answer, p.Key);
                view = answer.Body;
            }
            else
            {
                view = existing.EnsureOk($"GET publication {p.Key}").Body;
                id = IdOf(existing, p.Key);
                if (update)
                {
                    (await gateway.WriteAsync(HttpMethod.Put, $"{Adapters.PublicationsRoute}/{id}",
                        () => JsonContent.Create(Adapters.PublicationBody(p, related), options: SeedDataSet.Json), "relatedMeetingId", ct)).EnsureOk($"publication {p.Key}");
                }
            }

            // A file per language (unless there is one already), then publish (unless published): an
            // interrupted run is resumed where it stopped.
            var uploaded = false;
            foreach (var (language, text) in p.Translations)
            {
                if (view?["files"]?[language] is not null)
                {
                    continue;
                }

                var pdf = MiniPdf.Create(text.Title, language);
                (await gateway.SendAsync(HttpMethod.Post, Adapters.PublicationFilesRoute(id),
                    Adapters.PublicationFileBody(language, $"{text.Slug}.pdf", pdf), ct)).EnsureOk($"publication {p.Key} file {language}");
                uploaded = true;
            }

            var status = view?["status"]?.GetValue<string>() ?? "draft";
            if (status == "draft")
            {
                (await gateway.PostAsync(Adapters.PublicationPublishRoute(id), null, ct)).EnsureOk($"publish publication {p.Key}");
            }

            Count("publications", created, updated: !created && (update || uploaded || status == "draft"));
        }
    }

    private async Task EditorialAsync(string segment, IReadOnlyList<EditorialSeed> items, CancellationToken ct)
    {
        if (items.Count == 0)
        {
            return;
        }

        // Every item whatever its status, keyed by its French slug (a draft left by an interrupted run is found too).
        var known = new Dictionary<string, (Guid Id, string Status)>(StringComparer.Ordinal);
        for (var page = 1; ; page++)
        {
            var body = (await gateway.GetAsync(Adapters.EditorialAdminListRoute(segment, page), ct)).EnsureOk($"GET {segment}").Body;
            var rows = body?["items"]?.AsArray() ?? [];
            foreach (var row in rows)
            {
                if (row?["translations"]?["fr"]?["slug"]?.GetValue<string>() is { } slug)
                {
                    known[slug] = (Guid.Parse(row["id"]!.GetValue<string>()), row["status"]?.GetValue<string>() ?? "");
                }
            }

            var total = body?["total"]?.GetValue<int>() ?? 0;
            if (rows.Count == 0 || page * 100 >= total)
            {
                break;
            }
        }

        foreach (var e in items)
        {
            Guid id;
            var publish = true;
            if (!known.TryGetValue(e.Translations["fr"].Slug, out var found))
            {
                id = IdOf((await gateway.PostAsync(Adapters.EditorialRoute(segment), Adapters.EditorialBody(e), ct)).EnsureOk($"{segment} {e.Key}"), e.Key);
                Count(segment, created: true);
            }
            else
            {
                id = found.Id;
                publish = found.Status != "published";
                if (update)
                {
                    (await gateway.PutAsync($"{Adapters.EditorialRoute(segment)}/{id}", Adapters.EditorialBody(e), ct)).EnsureOk($"{segment} {e.Key}");
                }

                Count(segment, updated: update || publish);
            }

            if (publish)
            {
                (await gateway.PostAsync(Adapters.EditorialPublishRoute(segment, id), Adapters.EditorialPublishBody(e), ct)).EnsureOk($"publish {segment} {e.Key}");
            }
        }
    }

    private static Guid IdOf(Answer answer, string key) =>
        answer.Body?["id"]?.GetValue<string>() is { } id && Guid.TryParse(id, out var guid)
            ? guid
            : throw new SeedException($"{key}: the answer has no id: {answer.Text}");

    private void Count(string kind, bool created = false, bool updated = false)
    {
        var (c, u, s) = counts.GetValueOrDefault(kind);
        counts[kind] = created ? (c + 1, u, s) : updated ? (c, u + 1, s) : (c, u, s + 1);
    }
}
