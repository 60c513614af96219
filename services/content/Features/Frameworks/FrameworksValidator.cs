using System.Globalization;

namespace RabatPlatform.Content.Features.Frameworks;

/// <summary>The frameworks' input rules (also used by the GCM alignment, which takes the same objective numbers).</summary>
public static class FrameworksValidator
{
    /// <summary>The route's objective number; a non-number is an error naming <c>n</c>. Null when <paramref name="errors"/> has any.</summary>
    public static int? Objective(GcmObjectiveRequest request, ValidationErrors errors)
    {
        if (!int.TryParse(request.N, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            errors.Add("n", "Le numéro d'objectif doit être un entier de 1 à 23.", "The objective number must be an integer from 1 to 23.");
        }

        return errors.IsEmpty ? number : null;
    }
}
