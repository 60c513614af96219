using RabatPlatform.Contracts;

namespace RabatPlatform.Search.Features.Query;

/// <summary>The query feature's error texts (it answers no problem of its own besides validation).</summary>
internal static class QueryProblems
{
    public static readonly (string Fr, string En) TextRequired = ("Le texte à rechercher est requis.", "The search text is required.");

    public static readonly (string Fr, string En) Year = ("L'année va de 1900 à 2200.", "The year ranges from 1900 to 2200.");

    public static readonly (string Fr, string En) Theme = ("Le thème compte de 1 à 100 caractères.", "The theme has 1 to 100 characters.");

    public static readonly (string Fr, string En) Country =
        ("Le pays est un code ISO 3166-1 à deux lettres.", "The country is a two-letter ISO 3166-1 code.");

    public static readonly (string Fr, string En) NulCharacter =
        ("Le texte contient un caractère nul (%00).", "The text contains a NUL character (%00).");

    public static readonly (string Fr, string En) TextLanguage = ("La langue du texte est fr ou en.", "The text's language is fr or en.");

    public static (string Fr, string En) TextTooLong(int maxLength) =>
        ($"Le texte à rechercher dépasse {maxLength} caractères.", $"The search text exceeds {maxLength} characters.");

    public static (string Fr, string En) UnknownType() =>
        ($"Type inconnu : {string.Join(", ", SearchItemTypes.All)}.", $"Unknown type: {string.Join(", ", SearchItemTypes.All)}.");
}
