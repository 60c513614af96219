namespace RabatPlatform.Publications.Features.Feeds;

/// <summary>The feeds' bilingual texts: they answer nothing but a bad language segment (a 400 naming it).</summary>
internal static class FeedsProblems
{
    public static readonly (string Fr, string En) BadLanguage =
        ("La langue du flux doit être « fr » ou « en ».", "The feed's language must be 'fr' or 'en'.");
}
