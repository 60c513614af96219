using System.Text.RegularExpressions;
using RabatPlatform.Contracts;

namespace RabatPlatform.Meetings.Features.Meetings;

public static partial class MeetingRules
{
    public const int TitleMaxLength = 300;
    public const int SummaryMaxLength = 4000;
    public const int CityMaxLength = 100;
    public const int MaxTags = 20;
    public const int TagMaxLength = 64;
    public const int MaxAgendaItems = 200;
    public const int AgendaTitleMaxLength = 500;
    public const int MaxCapacity = 100_000;

    public static readonly IReadOnlyList<string> Kinds =
    [
        "ministerial-conference", "senior-officials-meeting", "steering-committee", "thematic-meeting",
        "technical-workshop", "round-table", "webinar", "training",
    ];

    public static readonly IReadOnlyList<string> Formats = ["in-person", "virtual", "hybrid"];

    public static readonly IReadOnlyList<string> WritableStatuses = ["planned", "announced"];

    [GeneratedRegex("^[a-z0-9]+([.-][a-z0-9]+)*$")]
    public static partial Regex Tag();

    [GeneratedRegex(@"^(rabat-2006|marrakech-2018|cadiz-2023)(\.d[1-9][0-9]?(\.o[1-9][0-9]?)?)?$")]
    public static partial Regex FrameworkCode();

    [GeneratedRegex("^[A-Z]{2}$")]
    public static partial Regex CountryCode();

    [GeneratedRegex("^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    public static partial Regex Time();
}

public sealed record MeetingTranslationInput(string? Title, string? Summary, string? Slug);

public sealed record AgendaItemInput(DateOnly? Date, string? Time, Dictionary<string, string?>? Titles);

/// <summary>What the Secretariat sends to create or edit a meeting.</summary>
public sealed record MeetingWriteRequest(
    string? Kind,
    string? Status,
    Dictionary<string, MeetingTranslationInput?>? Translations,
    DateOnly? StartDate,
    DateOnly? EndDate,
    string? TimeZone,
    string? City,
    string? CountryCode,
    string? Format,
    List<string?>? CoChairs,
    List<string?>? Themes,
    List<string?>? WorkingGroups,
    List<string?>? FrameworkCodes,
    List<int>? GcmObjectives,
    List<AgendaItemInput?>? Agenda,
    int? Capacity,
    int? DelegationQuota,
    bool? Moderated,
    DateTimeOffset? RegistrationOpensAt,
    DateTimeOffset? RegistrationDeadline);

/// <summary>A validated request, ready to apply to a <see cref="Meeting"/>.</summary>
public sealed record MeetingInput(
    string Kind,
    MeetingStatus Status,
    List<MeetingTranslation> Translations,
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
    AgendaItems Agenda,
    int? Capacity,
    int? DelegationQuota,
    bool Moderated,
    DateTimeOffset? RegistrationOpensAt,
    DateTimeOffset? RegistrationDeadline)
{
    public void ApplyTo(Meeting m)
    {
        m.Kind = Kind;
        m.SetTranslations(Translations);
        m.StartDate = StartDate;
        m.EndDate = EndDate;
        m.TimeZone = TimeZone;
        m.City = City;
        m.CountryCode = CountryCode;
        m.Format = Format;
        m.CoChairs = CoChairs;
        m.Themes = Themes;
        m.WorkingGroups = WorkingGroups;
        m.FrameworkCodes = FrameworkCodes;
        m.GcmObjectives = GcmObjectives;
        m.Agenda = Agenda;
        m.Capacity = Capacity;
        m.DelegationQuota = DelegationQuota;
        m.Moderated = Moderated;
        if (m.RegistrationOpensAt != RegistrationOpensAt)
        {
            m.RegistrationOpenedAnnouncedAt = null;
        }

        if (m.RegistrationDeadline != RegistrationDeadline)
        {
            m.DeadlineReminderSentAt = null;
        }

        m.RegistrationOpensAt = RegistrationOpensAt?.ToUniversalTime(); // PostgreSQL timestamptz takes UTC only
        m.RegistrationDeadline = RegistrationDeadline?.ToUniversalTime();
    }
}

public sealed record AgendaItemView(DateOnly? Date, string? Time, string Title);

/// <summary>A meeting as the public reads it, in one language.</summary>
public sealed record MeetingView(
    Guid Id,
    string Language,
    bool Fallback,
    string Title,
    string? Summary,
    string Slug,
    IReadOnlyDictionary<string, string> Slugs,
    string Kind,
    string Status,
    DateOnly StartDate,
    DateOnly EndDate,
    string TimeZone,
    string? City,
    string? CountryCode,
    string Format,
    IReadOnlyList<string> CoChairs,
    IReadOnlyList<string> Themes,
    IReadOnlyList<string> WorkingGroups,
    IReadOnlyList<string> FrameworkCodes,
    IReadOnlyList<int> GcmObjectives,
    IReadOnlyList<AgendaItemView> Agenda,
    int? Capacity,
    int? DelegationQuota,
    bool Moderated,
    DateTimeOffset? RegistrationOpensAt,
    DateTimeOffset RegistrationDeadline)
{
    public static MeetingView From(Meeting m, string language)
    {
        var (t, fallback) = m.ResolveTranslation(language);
        return new MeetingView(
            m.Id, t.Language, fallback, t.Title, t.Summary, t.Slug, m.Slugs(), m.Kind, m.Status.ToString().ToLowerInvariant(),
            m.StartDate, m.EndDate, m.TimeZone, m.City, m.CountryCode, m.Format, m.CoChairs, m.Themes, m.WorkingGroups,
            m.FrameworkCodes, m.GcmObjectives,
            m.Agenda.Select(a => new AgendaItemView(a.Date, a.Time,
                a.Titles.GetValueOrDefault(language) ?? a.Titles.GetValueOrDefault(Languages.Other(language)) ?? "")).ToList(),
            m.Capacity, m.DelegationQuota, m.Moderated, m.RegistrationOpensAt, m.EffectiveDeadline());
    }
}

/// <summary>A meeting as the Secretariat sees it: every language, settings and state.</summary>
public sealed record MeetingAdminView(
    Guid Id,
    string Status,
    string Kind,
    IReadOnlyDictionary<string, TranslatedText> Translations,
    DateOnly StartDate,
    DateOnly EndDate,
    string TimeZone,
    string? City,
    string? CountryCode,
    string Format,
    IReadOnlyList<string> CoChairs,
    IReadOnlyList<string> Themes,
    IReadOnlyList<string> WorkingGroups,
    IReadOnlyList<string> FrameworkCodes,
    IReadOnlyList<int> GcmObjectives,
    IReadOnlyList<AgendaItem> Agenda,
    int? Capacity,
    int? DelegationQuota,
    bool Moderated,
    DateTimeOffset? RegistrationOpensAt,
    DateTimeOffset? RegistrationDeadline,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? PersonalDataErasedAt)
{
    public static MeetingAdminView From(Meeting m) => new(
        m.Id, m.Status.ToString().ToLowerInvariant(), m.Kind, m.TranslatedTexts(), m.StartDate, m.EndDate, m.TimeZone, m.City,
        m.CountryCode, m.Format, m.CoChairs, m.Themes, m.WorkingGroups, m.FrameworkCodes, m.GcmObjectives, m.Agenda, m.Capacity,
        m.DelegationQuota, m.Moderated, m.RegistrationOpensAt, m.RegistrationDeadline, m.CreatedAt, m.UpdatedAt,
        m.PersonalDataErasedAt);
}

/// <summary>Checks a meeting write request field by field (partner codes are checked against the local copy afterwards).</summary>
internal static class MeetingValidator
{
    public static MeetingInput? Validate(MeetingWriteRequest? request, ValidationErrors errors)
    {
        if (request is null)
        {
            errors.Add("body", "Le corps de la requête est requis.", "The request body is required.");
            return null;
        }

        var kind = request.Kind?.Trim();
        if (string.IsNullOrEmpty(kind) || !MeetingRules.Kinds.Contains(kind))
        {
            errors.Add("kind", $"Le type doit être l'un de : {string.Join(", ", MeetingRules.Kinds)}.",
                $"The kind must be one of: {string.Join(", ", MeetingRules.Kinds)}.");
        }

        var status = request.Status?.Trim() ?? "announced";
        if (!MeetingRules.WritableStatuses.Contains(status))
        {
            errors.Add("status", "Le statut doit être « planned » ou « announced » (annulez avec POST …/cancel).",
                "The status must be 'planned' or 'announced' (cancel with POST …/cancel).");
        }

        var translations = ValidateTranslations(request.Translations, errors);

        if (request.StartDate is null)
        {
            errors.Add("startDate", "La date de début est requise.", "The start date is required.");
        }

        if (request.EndDate is null)
        {
            errors.Add("endDate", "La date de fin est requise.", "The end date is required.");
        }
        else if (request.StartDate is { } s && request.EndDate < s)
        {
            errors.Add("endDate", "La date de fin précède la date de début.", "The end date is before the start date.");
        }

        var timeZone = string.IsNullOrWhiteSpace(request.TimeZone) ? "UTC" : request.TimeZone.Trim();
        if (TimeZones.Find(timeZone) is null)
        {
            errors.Add("timeZone", "Fuseau horaire inconnu (identifiant IANA attendu, ex. « Europe/Madrid »).",
                "Unknown time zone (an IANA id is expected, e.g. 'Europe/Madrid').");
        }

        var city = string.IsNullOrWhiteSpace(request.City) ? null : request.City.Trim();
        if (city?.Length > MeetingRules.CityMaxLength)
        {
            errors.Add("city", $"La ville dépasse {MeetingRules.CityMaxLength} caractères.", $"The city exceeds {MeetingRules.CityMaxLength} characters.");
        }

        var country = string.IsNullOrWhiteSpace(request.CountryCode) ? null : request.CountryCode.Trim();
        if (country is not null && !MeetingRules.CountryCode().IsMatch(country))
        {
            errors.Add("countryCode", "Le pays est un code ISO 3166-1 alpha-2 en majuscules (ex. « MA »).",
                "The country is an upper-case ISO 3166-1 alpha-2 code (e.g. 'MA').");
        }

        var format = request.Format?.Trim();
        if (string.IsNullOrEmpty(format) || !MeetingRules.Formats.Contains(format))
        {
            errors.Add("format", "Le format doit être « in-person », « virtual » ou « hybrid ».", "The format must be 'in-person', 'virtual' or 'hybrid'.");
        }
        else if (format != "virtual" && city is null)
        {
            errors.Add("city", "Une réunion en présentiel ou hybride a une ville.", "An in-person or hybrid meeting has a city.");
        }

        var coChairs = new List<string>();
        foreach (var (code, i) in (request.CoChairs ?? []).Select((c, i) => (c?.Trim(), i)))
        {
            if (string.IsNullOrEmpty(code) || code.Length > 32 || code != code.ToUpperInvariant())
            {
                errors.Add($"coChairs[{i}]", "Un coprésident est un code de partenaire en majuscules (ex. « MA », « EU »).",
                    "A co-chair is an upper-case partner code (e.g. 'MA', 'EU').");
            }
            else if (!coChairs.Contains(code))
            {
                coChairs.Add(code);
            }
        }

        var themes = ValidateTags("themes", request.Themes, errors);
        var workingGroups = ValidateTags("workingGroups", request.WorkingGroups, errors);
        var frameworkCodes = new List<string>();
        foreach (var (code, i) in (request.FrameworkCodes ?? []).Select((c, i) => (c?.Trim(), i)))
        {
            if (string.IsNullOrEmpty(code) || !MeetingRules.FrameworkCode().IsMatch(code))
            {
                errors.Add($"frameworkCodes[{i}]", "Code de cadre inconnu (ex. « cadiz-2023 », « cadiz-2023.d2 », « cadiz-2023.d2.o1 »).",
                    "Unknown framework code (e.g. 'cadiz-2023', 'cadiz-2023.d2', 'cadiz-2023.d2.o1').");
            }
            else if (!frameworkCodes.Contains(code))
            {
                frameworkCodes.Add(code);
            }
        }

        var gcm = new List<int>();
        foreach (var n in request.GcmObjectives ?? [])
        {
            if (n is < 1 or > 23)
            {
                errors.Add("gcmObjectives", "Les objectifs du Pacte mondial vont de 1 à 23.", "GCM objectives range from 1 to 23.");
                break;
            }

            if (!gcm.Contains(n))
            {
                gcm.Add(n);
            }
        }

        var agenda = ValidateAgenda(request, errors);

        if (request.Capacity is < 0 or > MeetingRules.MaxCapacity)
        {
            errors.Add("capacity", $"La capacité va de 0 à {MeetingRules.MaxCapacity}.", $"The capacity ranges from 0 to {MeetingRules.MaxCapacity}.");
        }

        if (request.DelegationQuota is < 0 or > MeetingRules.MaxCapacity)
        {
            errors.Add("delegationQuota", $"Le quota par délégation va de 0 à {MeetingRules.MaxCapacity}.",
                $"The quota per delegation ranges from 0 to {MeetingRules.MaxCapacity}.");
        }

        if (request.RegistrationOpensAt is { } opens && request.RegistrationDeadline is { } deadline && deadline <= opens)
        {
            errors.Add("registrationDeadline", "La date limite d'inscription précède l'ouverture des inscriptions.",
                "The registration deadline is before registration opens.");
        }

        if (!errors.IsEmpty)
        {
            return null;
        }

        return new MeetingInput(
            kind!, status == "planned" ? MeetingStatus.Planned : MeetingStatus.Announced, translations, request.StartDate!.Value,
            request.EndDate!.Value, timeZone, city, country, format!, coChairs, themes, workingGroups, frameworkCodes, gcm, agenda,
            request.Capacity, request.DelegationQuota, request.Moderated ?? false, request.RegistrationOpensAt, request.RegistrationDeadline);
    }

    private static List<MeetingTranslation> ValidateTranslations(Dictionary<string, MeetingTranslationInput?>? input, ValidationErrors errors)
    {
        var translations = new List<MeetingTranslation>();
        if (input is not { Count: > 0 })
        {
            errors.Add("translations", "Au moins une version (fr ou en) est requise.", "At least one version (fr or en) is required.");
            return translations;
        }

        foreach (var (language, value) in input)
        {
            var field = $"translations.{language}";
            if (!Languages.IsSupported(language))
            {
                errors.Add(field, "Langue inconnue : seules « fr » et « en » sont acceptées.", "Unknown language: only 'fr' and 'en' are accepted.");
                continue;
            }

            var title = value?.Title?.Trim();
            if (string.IsNullOrEmpty(title))
            {
                errors.Add($"{field}.title", "Le titre est requis.", "The title is required.");
                continue;
            }

            if (title.Length > MeetingRules.TitleMaxLength)
            {
                errors.Add($"{field}.title", $"Le titre dépasse {MeetingRules.TitleMaxLength} caractères.", $"The title exceeds {MeetingRules.TitleMaxLength} characters.");
            }

            if (value!.Summary?.Length > MeetingRules.SummaryMaxLength)
            {
                errors.Add($"{field}.summary", $"Le résumé dépasse {MeetingRules.SummaryMaxLength} caractères.", $"The summary exceeds {MeetingRules.SummaryMaxLength} characters.");
            }

            var slug = string.IsNullOrWhiteSpace(value.Slug) ? Slugs.From(title) : value.Slug.Trim();
            if (!Slugs.IsValid(slug) || Guid.TryParse(slug, out _))
            {
                errors.Add($"{field}.slug", "Le slug ne peut contenir que des lettres minuscules, des chiffres et des tirets.",
                    "The slug may contain only lower-case letters, digits and hyphens.");
            }

            translations.Add(new MeetingTranslation
            {
                Language = language,
                Title = title,
                Summary = string.IsNullOrWhiteSpace(value.Summary) ? null : value.Summary.Trim(),
                Slug = slug,
            });
        }

        return translations;
    }

    private static List<string> ValidateTags(string field, List<string?>? input, ValidationErrors errors)
    {
        var tags = new List<string>();
        if (input is null)
        {
            return tags;
        }

        if (input.Count > MeetingRules.MaxTags)
        {
            errors.Add(field, $"Au plus {MeetingRules.MaxTags} valeurs.", $"At most {MeetingRules.MaxTags} values.");
        }

        foreach (var (value, i) in input.Select((v, i) => (v?.Trim(), i)))
        {
            if (string.IsNullOrEmpty(value) || value.Length > MeetingRules.TagMaxLength || !MeetingRules.Tag().IsMatch(value))
            {
                errors.Add($"{field}[{i}]", "Valeur en minuscules, chiffres, points et tirets (64 caractères au plus).",
                    "A lower-case value of letters, digits, dots and hyphens (at most 64 characters).");
            }
            else if (!tags.Contains(value))
            {
                tags.Add(value);
            }
        }

        return tags;
    }

    private static AgendaItems ValidateAgenda(MeetingWriteRequest request, ValidationErrors errors)
    {
        var agenda = new AgendaItems();
        if (request.Agenda is null)
        {
            return agenda;
        }

        if (request.Agenda.Count > MeetingRules.MaxAgendaItems)
        {
            errors.Add("agenda", $"Au plus {MeetingRules.MaxAgendaItems} points à l'ordre du jour.", $"At most {MeetingRules.MaxAgendaItems} agenda items.");
            return agenda;
        }

        for (var i = 0; i < request.Agenda.Count; i++)
        {
            var item = request.Agenda[i];
            var field = $"agenda[{i}]";
            var titles = new Dictionary<string, string>();
            foreach (var (language, title) in item?.Titles ?? [])
            {
                if (!Languages.IsSupported(language) || string.IsNullOrWhiteSpace(title) || title.Trim().Length > MeetingRules.AgendaTitleMaxLength)
                {
                    errors.Add($"{field}.titles.{language}", $"Titre en « fr » ou « en », de 1 à {MeetingRules.AgendaTitleMaxLength} caractères.",
                        $"A title in 'fr' or 'en', of 1 to {MeetingRules.AgendaTitleMaxLength} characters.");
                    continue;
                }

                titles[language] = title.Trim();
            }

            if (titles.Count == 0)
            {
                errors.Add($"{field}.titles", "Chaque point a un titre en français ou en anglais.", "Each item has a French or English title.");
            }

            if (item?.Time is { } time && !MeetingRules.Time().IsMatch(time))
            {
                errors.Add($"{field}.time", "L'heure s'écrit HH:mm.", "The time is written HH:mm.");
            }

            if (item?.Date is { } date && ((request.StartDate is { } s && date < s) || (request.EndDate is { } e && date > e)))
            {
                errors.Add($"{field}.date", "Le jour est hors des dates de la réunion.", "The day is outside the meeting's dates.");
            }

            agenda.Add(new AgendaItem { Date = item?.Date, Time = item?.Time, Titles = titles });
        }

        return agenda;
    }
}
