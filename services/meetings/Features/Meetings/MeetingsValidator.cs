using System.Globalization;
using RabatPlatform.Contracts;

namespace RabatPlatform.Meetings.Features.Meetings;

/// <summary>Checks a meeting write request field by field (partner codes are checked against the local copy afterwards).</summary>
internal static class MeetingsValidator
{
    /// <summary>Checks the agenda's filters: paging, dates (YYYY-MM-DD, <c>to</c> not before <c>from</c>), kind and <c>upcoming</c>.</summary>
    public static MeetingsFilter? Validate(ListMeetingsRequest request, ValidationErrors errors)
    {
        var (page, size) = Paging.Validate(request.Page, request.PageSize, errors);
        var fromDate = ParseDate(request.From, "from", errors);
        var toDate = ParseDate(request.To, "to", errors);
        if (fromDate is { } f && toDate is { } t && t < f)
        {
            errors.Add("to", "« to » précède « from ».", "'to' is before 'from'.");
        }

        if (request.Kind is not null && !MeetingRules.Kinds.Contains(request.Kind))
        {
            errors.Add("kind", $"Le type doit être l'un de : {string.Join(", ", MeetingRules.Kinds)}.",
                $"The kind must be one of: {string.Join(", ", MeetingRules.Kinds)}.");
        }

        bool onlyUpcoming = false;
        if (request.Upcoming is not null && !bool.TryParse(request.Upcoming, out onlyUpcoming))
        {
            errors.Add("upcoming", "« upcoming » vaut « true » ou « false ».", "'upcoming' is 'true' or 'false'.");
        }

        return errors.IsEmpty ? new MeetingsFilter(page, size, fromDate, toDate, request.Kind, onlyUpcoming) : null;
    }

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

    private static List<MeetingTranslation> ValidateTranslations(Dictionary<string, MeetingTranslationInput?>? input, ValidationErrors errors) =>
        Translations.Validate(input, errors, (field, language, value) =>
        {
            var title = Translations.Title(field, value.Title, MeetingRules.TitleMaxLength, errors);
            if (title is null)
            {
                return null;
            }

            var summary = Translations.Summary(field, value.Summary, MeetingRules.SummaryMaxLength, errors);
            var slug = Translations.Slug(field, value.Slug, title, errors);
            return new MeetingTranslation { Language = language, Title = title, Summary = summary, Slug = slug };
        });

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

    private static DateOnly? ParseDate(string? value, string field, ValidationErrors errors)
    {
        if (value is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors.Add(field, "Date attendue au format AAAA-MM-JJ.", "A date in the YYYY-MM-DD format is expected.");
        return null;
    }
}
