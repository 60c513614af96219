namespace RabatPlatform.Seed;

/// <summary>
/// Loads the real data set through the gateway (the generated clients, every call in <see cref="Adapters"/>),
/// in dependency order, idempotently: each item is
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
            var existing = await Adapters.FindPartnerAsync(gateway, p.Code, ct);
            if (existing is null)
            {
                await Adapters.CreatePartnerAsync(gateway, p, ct);
                Count("partners", created: true);
            }
            else if (Adapters.Text(existing.Type) == p.Type && Adapters.Text(existing.Status) == p.Status
                && p.Names.All(n => Adapters.Entry(existing.Names, n.Key) == n.Value) && existing.MemberSince == p.MemberSince)
            {
                Count("partners");
            }
            else
            {
                await Adapters.UpdatePartnerAsync(gateway, p, ct);
                Count("partners", updated: true);
            }
        }
    }

    private async Task ChairmanshipsAsync(CancellationToken ct)
    {
        if (data.Chairmanships.Count == 0)
        {
            return;
        }

        var list = await Adapters.ChairmanshipsAsync(gateway, ct);
        foreach (var c in data.Chairmanships)
        {
            var row = list.FirstOrDefault(i => Adapters.Text(i.PartnerCode) == c.PartnerCode && i.From == c.From);
            if (row is null)
            {
                await Adapters.CreateChairmanshipAsync(gateway, c, ct);
                Count("chairmanships", created: true);
            }
            else if (row.To == c.To)
            {
                Count("chairmanships");
            }
            else
            {
                await Adapters.UpdateChairmanshipAsync(gateway, row.Id, c, ct);
                Count("chairmanships", updated: true);
            }
        }
    }

    private async Task MeetingsAsync(CancellationToken ct)
    {
        foreach (var m in data.Meetings)
        {
            var existing = await Adapters.FindMeetingAsync(gateway, m.Translations["fr"].Slug, ct);
            if (existing is null)
            {
                meetingIds[m.Key] = await Adapters.CreateMeetingAsync(gateway, m, ct);
                Count("meetings", created: true);
                continue;
            }

            meetingIds[m.Key] = existing.Id;
            if (update)
            {
                await Adapters.UpdateMeetingAsync(gateway, existing.Id, m, ct);
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
            var existing = await Adapters.FindPublicationAsync(gateway, p.Translations["fr"].Slug, ct);
            Guid id;
            ICollection<string> files;
            string status;
            var created = existing is null;
            if (existing is null)
            {
                var answer = await Adapters.CreatePublicationAsync(gateway, p, related, ct);
                (id, files, status) = (answer.Id, answer.Files?.Keys ?? [], Adapters.Text(answer.Status) ?? "draft");
            }
            else
            {
                (id, files, status) = (existing.Id, existing.Files?.Keys ?? [], Adapters.Text(existing.Status) ?? "draft");
                if (update)
                {
                    await Adapters.UpdatePublicationAsync(gateway, id, p, related, ct);
                }
            }

            // A file per language (unless there is one already), then publish (unless published): an
            // interrupted run is resumed where it stopped.
            var uploaded = false;
            foreach (var (language, text) in p.Translations)
            {
                if (files.Contains(language))
                {
                    continue;
                }

                await Adapters.UploadPublicationFileAsync(gateway, id, language, $"{text.Slug}.pdf", MiniPdf.Create(text.Title, language), ct);
                uploaded = true;
            }

            if (status == "draft")
            {
                await Adapters.PublishPublicationAsync(gateway, id, ct);
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
            var body = await Adapters.EditorialAdminPageAsync(gateway, segment, page, ct);
            foreach (var row in body.Items)
            {
                if (row.Translations?.TryGetValue("fr", out var fr) == true && Adapters.Text(fr.Slug) is { } slug)
                {
                    known[slug] = (row.Id, Adapters.Text(row.Status) ?? "");
                }
            }

            if (body.Items.Count == 0 || page * 100 >= body.Total)
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
                id = await Adapters.CreateEditorialAsync(gateway, segment, e, ct);
                Count(segment, created: true);
            }
            else
            {
                id = found.Id;
                publish = found.Status != "published";
                if (update)
                {
                    await Adapters.UpdateEditorialAsync(gateway, segment, id, e, ct);
                }

                Count(segment, updated: update || publish);
            }

            if (publish)
            {
                await Adapters.PublishEditorialAsync(gateway, segment, id, e, ct);
            }
        }
    }

    private void Count(string kind, bool created = false, bool updated = false)
    {
        var (c, u, s) = counts.GetValueOrDefault(kind);
        counts[kind] = created ? (c + 1, u, s) : updated ? (c, u + 1, s) : (c, u, s + 1);
    }
}
