using RabatPlatform.Contracts;

namespace RabatPlatform.Content.Features.Partners;

internal static class PartnersValidator
{
    /// <summary>The directory's filters; each invalid one is an error naming it.</summary>
    public static void ValidateList(ListPartnersRequest request, ValidationErrors errors)
    {
        if (request.Type is not null && !PartnerTypes.All.Contains(request.Type))
        {
            errors.Add("type", "Le type doit être « country » ou « organisation ».", "The type must be 'country' or 'organisation'.");
        }

        if (request.Status is not null && !PartnerStatuses.All.Contains(request.Status))
        {
            errors.Add("status", "Le statut doit être « partner » ou « observer ».", "The status must be 'partner' or 'observer'.");
        }
    }

    /// <summary>A new partner: its fields and its code, checked for its type. Null when <paramref name="errors"/> has any.</summary>
    public static (string Code, PartnerInput Input)? ValidateCreate(PartnerWriteRequest? request, ValidationErrors errors)
    {
        if (request is null)
        {
            errors.Add("body", "Le corps de la requête est requis.", "The request body is required.");
            return null;
        }

        var input = Validate(request, errors);
        var code = CheckCode(request.Code, request.Type?.Trim(), errors);
        return input is null || code is null || !errors.IsEmpty ? null : (code, input);
    }

    /// <summary>A partner's new fields: its code cannot change. Null when <paramref name="errors"/> has any.</summary>
    public static PartnerInput? ValidateUpdate(PartnerCodeRequest route, PartnerWriteRequest? request, ValidationErrors errors)
    {
        if (request is null)
        {
            errors.Add("body", "Le corps de la requête est requis.", "The request body is required.");
            return null;
        }

        var code = route.Normalised;
        var input = Validate(request, errors);
        if (request.Code is { } bodyCode && !string.Equals(bodyCode.Trim(), code, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add("code", "Le code ne peut pas changer.", "The code cannot change.");
        }

        if (input is not null && errors.IsEmpty)
        {
            CheckCode(code, input.Type, errors);
        }

        return errors.IsEmpty ? input : null;
    }

    /// <summary>Normalises a code (trimmed, upper case) and checks it for the given type.</summary>
    public static string? CheckCode(string? raw, string? type, ValidationErrors errors, string field = "code")
    {
        var code = raw?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(code))
        {
            errors.Add(field, "Le code est requis.", "The code is required.");
            return null;
        }

        if (type == PartnerTypes.Country && !IsoCountries.IsAssigned(code))
        {
            errors.Add(field,
                $"« {code} » n'est pas un code pays ISO 3166-1 alpha-2 attribué.",
                $"'{code}' is not an assigned ISO 3166-1 alpha-2 country code.");
            return null;
        }

        if (type == PartnerTypes.Organisation && !Partner.IsOrganisationCode(code))
        {
            errors.Add(field,
                "Le code d'une organisation compte de 2 à 16 lettres majuscules ou chiffres (A-Z, 0-9).",
                "An organisation code has 2 to 16 upper-case letters or digits (A-Z, 0-9).");
            return null;
        }

        return code;
    }

    private static PartnerInput? Validate(PartnerWriteRequest request, ValidationErrors errors)
    {
        var type = request.Type?.Trim();
        if (string.IsNullOrEmpty(type) || !PartnerTypes.All.Contains(type))
        {
            errors.Add("type", "Le type doit être « country » ou « organisation ».", "The type must be 'country' or 'organisation'.");
        }

        var status = request.Status?.Trim();
        if (string.IsNullOrEmpty(status) || !PartnerStatuses.All.Contains(status))
        {
            errors.Add("status", "Le statut doit être « partner » ou « observer ».", "The status must be 'partner' or 'observer'.");
        }

        string? fr = null, en = null;
        if (request.Names is null)
        {
            errors.Add("names", "Les noms en français et en anglais sont requis.", "The French and English names are required.");
        }
        else
        {
            foreach (var key in request.Names.Keys.Where(k => !Languages.IsSupported(k)))
            {
                errors.Add($"names.{key}", "Langue inconnue : seules « fr » et « en » sont acceptées.", "Unknown language: only 'fr' and 'en' are accepted.");
            }

            fr = CheckName(request.Names.GetValueOrDefault(Languages.French), "names.fr", errors);
            en = CheckName(request.Names.GetValueOrDefault(Languages.English), "names.en", errors);
        }

        if (request.MemberSince is { } since && (since.Year < 2006 || since.Year > 2100))
        {
            errors.Add("memberSince", "La date d'adhésion doit être postérieure à 2006.", "The membership date must be 2006 or later.");
        }

        return errors.IsEmpty ? new PartnerInput(type!, status!, fr!, en!, request.MemberSince) : null;
    }

    private static string? CheckName(string? raw, string field, ValidationErrors errors)
    {
        var name = raw?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            errors.Add(field, "Le nom est requis.", "The name is required.");
            return null;
        }

        if (name.Length > Partner.NameMaxLength)
        {
            errors.Add(field, $"Le nom dépasse {Partner.NameMaxLength} caractères.", $"The name exceeds {Partner.NameMaxLength} characters.");
            return null;
        }

        return name;
    }
}
