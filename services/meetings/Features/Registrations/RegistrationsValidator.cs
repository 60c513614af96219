using System.Net.Mail;
using RabatPlatform.Contracts;
using RabatPlatform.Meetings.Features.Meetings;

namespace RabatPlatform.Meetings.Features.Registrations;

/// <summary>The rules of a registration (against its meeting's form), of the list's filters and of the CSV's columns.</summary>
internal static class RegistrationsValidator
{
    /// <summary>
    /// The delegation a registration is for: the partner's own; the Secretariat names it (an error when it does
    /// not). False when a partner names another delegation than its own (403).
    /// </summary>
    public static bool TryDelegation(Caller caller, RegistrationRequest? request, ValidationErrors errors, out string partnerCode)
    {
        var named = request?.PartnerCode?.Trim();
        if (!caller.IsSecretariat)
        {
            partnerCode = caller.PartnerCode ?? "";
            return named is null || named == caller.PartnerCode;
        }

        if (string.IsNullOrEmpty(named))
        {
            errors.Add("partnerCode", "Le Secrétariat indique la délégation (code du partenaire).", "The Secretariat names the delegation (partner code).");
        }

        partnerCode = named ?? "";
        return true;
    }

    /// <summary>Checks a registration against the meeting's form; returns the clean values.</summary>
    public static Registration? Validate(Meeting m, RegistrationRequest? request, string partnerCode, DateTimeOffset now, ValidationErrors errors)
    {
        if (request is null)
        {
            errors.Add("body", "Le corps de la requête est requis.", "The request body is required.");
            return null;
        }

        var given = Text(request.GivenName, "givenName", true, RegistrationRules.NameMaxLength, errors);
        var family = Text(request.FamilyName, "familyName", true, RegistrationRules.NameMaxLength, errors);
        var email = Text(request.Email, "email", true, RegistrationRules.EmailMaxLength, errors)?.ToLowerInvariant();
        if (email is not null && !IsEmail(email))
        {
            errors.Add("email", "L'adresse électronique n'est pas valide.", "The email address is not valid.");
        }

        var function = Text(request.Function, "function", false, RegistrationRules.TextMaxLength, errors);
        var organisation = Text(request.Organisation, "organisation", false, RegistrationRules.TextMaxLength, errors);
        var language = request.Language?.Trim();
        if (!Languages.IsSupported(language))
        {
            errors.Add("language", "La langue de correspondance doit être « fr » ou « en ».", "The correspondence language must be 'fr' or 'en'.");
        }

        var participation = request.Participation?.Trim();
        switch (m.Format)
        {
            case "hybrid" when participation is null || !RegistrationRules.Participations.Contains(participation):
                errors.Add("participation", "Pour une réunion hybride, la participation est « in-person » ou « online ».",
                    "For a hybrid meeting, participation is 'in-person' or 'online'.");
                break;
            case "in-person" when participation is not null && participation != "in-person":
            case "virtual" when participation is not null && participation != "online":
                errors.Add("participation", "Cette réunion n'offre pas ce mode de participation.", "This meeting does not offer this kind of participation.");
                break;
        }

        participation ??= m.Format == "virtual" ? "online" : "in-person";

        var workingGroup = string.IsNullOrWhiteSpace(request.WorkingGroup) ? null : request.WorkingGroup.Trim();
        if (workingGroup is not null && !m.WorkingGroups.Contains(workingGroup))
        {
            errors.Add("workingGroup", "Ce groupe de travail n'existe pas pour cette réunion.", "This working group does not exist for this meeting.");
        }

        if (request.VisaLetter == true && m.Format == "virtual")
        {
            errors.Add("visaLetter", "Pas de lettre de visa pour une réunion en ligne.", "No visa letter for a virtual meeting.");
        }

        var dietary = Text(request.DietaryNotes, "dietaryNotes", false, RegistrationRules.NotesMaxLength, errors);
        var accessibility = Text(request.AccessibilityNotes, "accessibilityNotes", false, RegistrationRules.NotesMaxLength, errors);
        if (!errors.IsEmpty)
        {
            return null;
        }

        return new Registration
        {
            Id = Guid.CreateVersion7(now),
            MeetingId = m.Id,
            PartnerCode = partnerCode,
            Email = email!,
            GivenName = given!,
            FamilyName = family!,
            Function = function,
            Organisation = organisation,
            Language = language!,
            Participation = participation,
            WorkingGroup = workingGroup,
            VisaLetter = request.VisaLetter ?? false,
            DietaryNotes = dietary,
            AccessibilityNotes = accessibility,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    private static string? Text(string? value, string field, bool required, int maxLength, ValidationErrors errors)
    {
        var clean = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        if (clean is null)
        {
            if (required)
            {
                errors.Add(field, "Ce champ est requis.", "This field is required.");
            }

            return null;
        }

        if (clean.Length > maxLength)
        {
            errors.Add(field, $"Ce champ dépasse {maxLength} caractères.", $"This field exceeds {maxLength} characters.");
        }

        return clean;
    }

    /// <summary>The address of an erasure, trimmed and lower-cased.</summary>
    public static string? Validate(ErasePersonRequest? request, ValidationErrors errors)
    {
        if (request is null)
        {
            errors.Add("body", "Le corps de la requête est requis.", "The request body is required.");
            return null;
        }

        var email = Text(request.Email, "email", true, RegistrationRules.EmailMaxLength, errors)?.ToLowerInvariant();
        if (email is not null && !IsEmail(email))
        {
            errors.Add("email", "L'adresse électronique n'est pas valide.", "The email address is not valid.");
            return null;
        }

        return email;
    }

    private static bool IsEmail(string email) =>
        MailAddress.TryCreate(email, out var address) && address.Address == email && email.Contains('.', StringComparison.Ordinal)
        && !email.Any(char.IsWhiteSpace);

    public static RegistrationsFilter? Validate(ListRegistrationsRequest request, ValidationErrors errors)
    {
        var (page, size) = Paging.Validate(request.Page, request.PageSize, errors);
        RegistrationStatus? wanted = null;
        if (request.Status is { } status)
        {
            if (Enum.TryParse<RegistrationStatus>(status, true, out var parsed) && status.All(char.IsAsciiLetterLower))
            {
                wanted = parsed;
            }
            else
            {
                errors.Add("status", "Statut inconnu (pending, confirmed, waitlisted, offered, rejected, cancelled).",
                    "Unknown status (pending, confirmed, waitlisted, offered, rejected, cancelled).");
            }
        }

        return errors.IsEmpty ? new RegistrationsFilter(page, size, wanted) : null;
    }

    /// <summary>The CSV's columns: every one when none is named, else those named (each once, in the order given).</summary>
    public static List<(string Name, Func<RegistrationCsvRow, string?> Value)> Columns(string? columns, ValidationErrors errors)
    {
        var selected = new List<(string Name, Func<RegistrationCsvRow, string?> Value)>();
        if (string.IsNullOrWhiteSpace(columns))
        {
            selected.AddRange(RegistrationCsv.AllColumns);
            return selected;
        }

        foreach (var name in columns.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var column = RegistrationCsv.AllColumns.FirstOrDefault(c => c.Name == name);
            if (column.Name is null)
            {
                errors.Add("columns", $"Colonne inconnue « {name} » ; colonnes possibles : {string.Join(", ", RegistrationCsv.ColumnNames)}.",
                    $"Unknown column '{name}'; possible columns: {string.Join(", ", RegistrationCsv.ColumnNames)}.");
            }
            else if (!selected.Contains(column))
            {
                selected.Add(column);
            }
        }

        if (selected.Count == 0 && errors.IsEmpty)
        {
            errors.Add("columns", "Au moins une colonne.", "At least one column.");
        }

        return selected;
    }
}
