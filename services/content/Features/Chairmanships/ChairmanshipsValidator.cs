using RabatPlatform.Content.Features.Partners;

namespace RabatPlatform.Content.Features.Chairmanships;

/// <summary>A term's dates once checked, for the partner found by its code.</summary>
public sealed record ChairmanshipInput(Partner Partner, DateOnly From, DateOnly? To);

/// <summary>The rules of a chairmanship write; the partner is looked up by the caller (<see cref="PartnerCode"/>).</summary>
internal static class ChairmanshipsValidator
{
    /// <summary>The partner code asked for, normalised (trimmed, upper case); null or empty when missing.</summary>
    public static string? PartnerCode(ChairmanshipWriteRequest? request) => request?.PartnerCode?.Trim().ToUpperInvariant();

    /// <summary>
    /// The term, given the partner found for <see cref="PartnerCode"/> (null: none). Null when
    /// <paramref name="errors"/> has any.
    /// </summary>
    public static ChairmanshipInput? Validate(ChairmanshipWriteRequest? request, Partner? partner, ValidationErrors errors)
    {
        if (request is null)
        {
            errors.Add("body", "Le corps de la requête est requis.", "The request body is required.");
            return null;
        }

        var code = PartnerCode(request);
        if (string.IsNullOrEmpty(code))
        {
            errors.Add("partnerCode", "Le partenaire qui préside est requis.", "The chair partner is required.");
        }
        else if (partner is null)
        {
            errors.Add("partnerCode", $"Aucun partenaire n'a le code « {code} ».", $"No partner has the code '{code}'.");
        }

        if (request.From is null)
        {
            errors.Add("from", "La date de début est requise.", "The start date is required.");
        }
        else if (request.To is { } to && to < request.From)
        {
            errors.Add("to", "La date de fin précède la date de début.", "The end date is before the start date.");
        }

        return errors.IsEmpty ? new ChairmanshipInput(partner!, request.From!.Value, request.To) : null;
    }
}
