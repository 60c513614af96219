using RabatPlatform.Contracts;

namespace RabatPlatform.Publications.Features.Feeds;

internal static class FeedsValidator
{
    /// <summary>The feed's language segment: fr or en (the <c>?lang=</c> query only picks the errors' language).</summary>
    public static ValidationErrors Validate(FeedRequest request, ValidationErrors errors)
    {
        if (!Languages.IsSupported(request.Language))
        {
            errors.Add("lang", FeedsProblems.BadLanguage.Fr, FeedsProblems.BadLanguage.En);
        }

        return errors;
    }
}
