using System.Net.Mail;
using RabatPlatform.Contracts;
using RabatPlatform.Meetings.Features.Meetings;

namespace RabatPlatform.Meetings.Features.Registrations;

public static class RegistrationRules
{
    public const int NameMaxLength = 100;
    public const int EmailMaxLength = 254;
    public const int TextMaxLength = 200;
    public const int NotesMaxLength = 1000;

    public static readonly IReadOnlyList<string> Participations = ["in-person", "online"];
}

/// <summary>A delegate, as a partner (or the Secretariat, naming the delegation in <c>partnerCode</c>) registers them.</summary>
public sealed record RegistrationRequest(
    string? PartnerCode,
    string? GivenName,
    string? FamilyName,
    string? Email,
    string? Function,
    string? Organisation,
    string? Language,
    string? Participation,
    string? WorkingGroup,
    bool? VisaLetter,
    string? DietaryNotes,
    string? AccessibilityNotes);

public sealed record RejectRequest(string? Reason);

public sealed record Labels(string Fr, string En);

public sealed record FormOption(string Value, Labels Labels);

/// <summary>One field of the registration form: its JSON name, type, labels in fr and en, and constraints.</summary>
public sealed record FormField(
    string Name,
    string Type,
    bool Required,
    Labels Labels,
    int? MaxLength = null,
    IReadOnlyList<FormOption>? Options = null,
    string? VisibleTo = null);

public sealed record RegistrationForm(
    Guid MeetingId,
    IReadOnlyList<FormField> Fields,
    DateTimeOffset? RegistrationOpensAt,
    DateTimeOffset RegistrationDeadline,
    bool Moderated);

/// <summary>The registration form of a meeting, as data: the API validates a registration against it too.</summary>
internal static class RegistrationFormDefinition
{
    public static RegistrationForm For(Meeting m)
    {
        var fields = new List<FormField>
        {
            new("givenName", "text", true, new("Prénom", "Given name"), RegistrationRules.NameMaxLength),
            new("familyName", "text", true, new("Nom", "Family name"), RegistrationRules.NameMaxLength),
            new("email", "email", true, new("Adresse électronique", "Email address"), RegistrationRules.EmailMaxLength),
            new("function", "text", false, new("Fonction", "Position"), RegistrationRules.TextMaxLength),
            new("organisation", "text", false, new("Organisation", "Organisation"), RegistrationRules.TextMaxLength),
            new("language", "select", true, new("Langue de correspondance", "Correspondence language"), Options:
            [
                new("fr", new("Français", "French")),
                new("en", new("Anglais", "English")),
            ]),
        };
        if (m.Format == "hybrid")
        {
            fields.Add(new("participation", "select", true, new("Participation", "Participation"), Options:
            [
                new("in-person", new("En présentiel", "In person")),
                new("online", new("En ligne", "Online")),
            ]));
        }

        if (m.WorkingGroups.Count > 0)
        {
            fields.Add(new("workingGroup", "select", false, new("Groupe de travail", "Working group"),
                Options: m.WorkingGroups.Select(g => new FormOption(g, new(g, g))).ToList()));
        }

        if (m.Format != "virtual")
        {
            fields.Add(new("visaLetter", "boolean", false, new("Lettre d'invitation pour le visa", "Visa invitation letter")));
        }

        fields.Add(new("dietaryNotes", "textarea", false, new("Régime alimentaire", "Dietary requirements"), RegistrationRules.NotesMaxLength,
            VisibleTo: PlatformRoles.Secretariat));
        fields.Add(new("accessibilityNotes", "textarea", false, new("Besoins d'accessibilité", "Accessibility needs"), RegistrationRules.NotesMaxLength,
            VisibleTo: PlatformRoles.Secretariat));
        return new RegistrationForm(m.Id, fields, m.RegistrationOpensAt, m.EffectiveDeadline(), m.Moderated);
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

    private static bool IsEmail(string email) =>
        MailAddress.TryCreate(email, out var address) && address.Address == email && email.Contains('.', StringComparison.Ordinal)
        && !email.Any(char.IsWhiteSpace);
}

/// <summary>A registration as its reader sees it; dietary and accessibility notes only for the Secretariat.</summary>
public sealed record RegistrationView(
    Guid Id,
    Guid MeetingId,
    string PartnerCode,
    string Status,
    int? Position,
    DateTimeOffset? OfferExpiresAt,
    string GivenName,
    string FamilyName,
    string Email,
    string? Function,
    string? Organisation,
    string Language,
    string Participation,
    string? WorkingGroup,
    bool VisaLetter,
    string? DietaryNotes,
    string? AccessibilityNotes,
    string? RejectionReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    internal static RegistrationView From(Registration r, bool secretariat, int? position = null) => new(
        r.Id, r.MeetingId, r.PartnerCode, r.StatusName, position, r.OfferExpiresAt, r.GivenName, r.FamilyName, r.Email, r.Function,
        r.Organisation, r.Language, r.Participation, r.WorkingGroup, r.VisaLetter,
        secretariat ? r.DietaryNotes : null, secretariat ? r.AccessibilityNotes : null, r.RejectionReason, r.CreatedAt, r.UpdatedAt);
}

/// <summary>Counts of one delegation's registrations by status.</summary>
public sealed record DelegationSummary(string PartnerCode, IReadOnlyDictionary<string, int> Counts, int Total);

public sealed record RegistrationList(
    IReadOnlyList<RegistrationView> Items,
    int Page,
    int PageSize,
    int Total,
    IReadOnlyList<DelegationSummary> Delegations,
    int? Capacity,
    int SeatsTaken,
    DateTimeOffset? PersonalDataErasedAt);
