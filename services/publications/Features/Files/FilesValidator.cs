using RabatPlatform.Contracts;
using RabatPlatform.Publications.Features.Publications;

namespace RabatPlatform.Publications.Features.Files;

/// <summary>The rules of an upload's fields and of a download's route.</summary>
internal static class FilesValidator
{
    /// <summary>A second <c>file</c> part in one request.</summary>
    public static void SecondFile(ValidationErrors errors) =>
        errors.Add("file", "Un seul fichier par requête.", "One file per request.");

    /// <summary>The file name is kept only when <see cref="FileTypes.IsValidFileName"/>; otherwise the part is skipped unread.</summary>
    public static bool CheckFileName(string fileName, ValidationErrors errors)
    {
        if (FileTypes.IsValidFileName(fileName))
        {
            return true;
        }

        errors.Add("file.fileName",
            $"Le nom du fichier est requis, compte au plus {PublicationRules.FileNameMaxLength} caractères et ne contient ni chemin (/ \\ :) ni caractère de contrôle.",
            $"The file name is required, has at most {PublicationRules.FileNameMaxLength} characters and contains no path (/ \\ :) and no control character.");
        return false;
    }

    /// <summary>The form once read: its language, and one non-empty file (<paramref name="size"/> is null when none was stored).</summary>
    public static ValidationErrors Validate(string? language, bool sawFile, long? size, ValidationErrors errors)
    {
        if (language is null)
        {
            errors.Add("language", "La langue du fichier est requise (fr ou en).", "The file's language is required (fr or en).");
        }
        else if (!Languages.IsSupported(language))
        {
            errors.Add("language", "Langue inconnue : seules « fr » et « en » sont acceptées.", "Unknown language: only 'fr' and 'en' are accepted.");
        }

        if (!sawFile)
        {
            errors.Add("file", "Le fichier est requis (champ « file »).", "The file is required ('file' field).");
        }
        else if (size == 0)
        {
            errors.Add("file", "Le fichier est vide.", "The file is empty.");
        }

        return errors;
    }

    /// <summary>A download's language segment and version.</summary>
    public static ValidationErrors Validate(string language, int? version, ValidationErrors errors)
    {
        if (!Languages.IsSupported(language))
        {
            errors.Add("lang", "Langue inconnue : seules « fr » et « en » sont acceptées.", "Unknown language: only 'fr' and 'en' are accepted.");
        }

        if (version is < 1)
        {
            errors.Add("version", "Les versions commencent à 1.", "Versions start at 1.");
        }

        return errors;
    }
}
