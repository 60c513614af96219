using RabatPlatform.Contracts;
using RabatPlatform.Meetings.Features.Meetings;

namespace RabatPlatform.Meetings.Features.Registrations;

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
}

/// <summary>
/// A registration as its reader sees it; dietary and accessibility notes only for the Secretariat, and, on its list
/// and single reads, <see cref="AlsoRegisteredBy"/>: the other delegations that registered the same address (a
/// partner never sees it: nothing tells a partner about another delegation's delegates).
/// </summary>
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
    DateTimeOffset UpdatedAt,
    IReadOnlyList<string>? AlsoRegisteredBy = null)
{
    internal static RegistrationView From(Registration r, bool secretariat, int? position = null, IReadOnlyList<string>? alsoRegisteredBy = null) => new(
        r.Id, r.MeetingId, r.PartnerCode, r.StatusName, position, r.OfferExpiresAt, r.GivenName, r.FamilyName, r.Email, r.Function,
        r.Organisation, r.Language, r.Participation, r.WorkingGroup, r.VisaLetter,
        secretariat ? r.DietaryNotes : null, secretariat ? r.AccessibilityNotes : null, r.RejectionReason, r.CreatedAt, r.UpdatedAt,
        secretariat ? alsoRegisteredBy : null);
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

/// <summary>An erasure accepted: <c>person.erasure_requested</c> <c>EventId</c> is on its way to every service.</summary>
public sealed record ErasureAccepted(Guid EventId, string Scope);
