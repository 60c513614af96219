using RabatPlatform.Contracts;
using RabatPlatform.Subscriptions.Features.Email;

namespace RabatPlatform.Subscriptions.Features.Newsletter;

/// <summary>A subscription request's clean values.</summary>
public sealed record ValidSubscription(string Email, string Language, List<string> Topics);

/// <summary>A preferences change's clean values.</summary>
public sealed record ValidPreferences(string Language, List<string> Topics);

/// <summary>The newsletter's input rules: a plain address, fr or en, known topics (deduplicated, in order).</summary>
public static class NewsletterValidator
{
    public static ValidSubscription? Validate(SubscribeRequest? request, ValidationErrors errors)
    {
        if (!MailFactory.TryParseAddress(request?.Email, out _))
        {
            errors.Add("email", "Adresse électronique invalide (au plus 254 caractères).", "Invalid email address (at most 254 characters).");
        }

        var language = CheckLanguage(request?.Language, errors);
        var topics = CheckTopics(request?.Topics, errors);
        return errors.IsEmpty ? new ValidSubscription(request!.Email!, language!, topics) : null;
    }

    public static ValidPreferences? Validate(PreferencesRequest? request, ValidationErrors errors)
    {
        var language = CheckLanguage(request?.Language, errors);
        var topics = CheckTopics(request?.Topics, errors);
        return errors.IsEmpty ? new ValidPreferences(language!, topics) : null;
    }

    private static string? CheckLanguage(string? language, ValidationErrors errors)
    {
        if (!Languages.IsSupported(language))
        {
            errors.Add("language", "Langue inconnue : seules « fr » et « en » sont acceptées.", "Unknown language: only 'fr' and 'en' are accepted.");
            return null;
        }

        return language;
    }

    private static List<string> CheckTopics(List<string?>? topics, ValidationErrors errors)
    {
        var result = new List<string>();
        if (topics is null)
        {
            return result;
        }

        if (topics.Count > NewsletterRules.MaxTopics)
        {
            errors.Add("topics", $"Au plus {NewsletterRules.MaxTopics} thèmes.", $"At most {NewsletterRules.MaxTopics} topics.");
            return result;
        }

        for (var i = 0; i < topics.Count; i++)
        {
            if (!NewsletterRules.IsTopic(topics[i]))
            {
                errors.Add($"topics[{i}]",
                    "Thème inconnu : news, meetings, publications, un domaine (cadiz-2023.d2…) ou un thème du vocabulaire.",
                    "Unknown topic: news, meetings, publications, a framework domain (cadiz-2023.d2…) or a vocabulary theme.");
            }
            else if (!result.Contains(topics[i]!))
            {
                result.Add(topics[i]!);
            }
        }

        return result;
    }
}
