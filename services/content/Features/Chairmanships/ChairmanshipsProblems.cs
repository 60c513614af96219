using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace RabatPlatform.Content.Features.Chairmanships;

/// <summary>The chairmanships' bilingual problems.</summary>
internal static class ChairmanshipsProblems
{
    public static ProblemHttpResult NoCurrent(string language, DateOnly today) => Problems.NotFound(language,
        ("Aucune présidence en cours", "No current chairmanship"),
        ($"Aucune présidence ne couvre le {today:yyyy-MM-dd}.", $"No chairmanship covers {today:yyyy-MM-dd}."));

    public static ProblemHttpResult NotFound(string language, Guid id) => Problems.NotFound(language,
        ("Présidence introuvable", "Chairmanship not found"),
        ($"Aucune présidence « {id} ».", $"No chairmanship '{id}'."));

    /// <summary>409: another term covers part of these dates; <c>conflictingId</c> names it.</summary>
    public static ProblemHttpResult Overlapping(string language, Chairmanship other)
    {
        var to = other.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "…";
        return Problems.Conflict(language,
            ("Présidences qui se chevauchent", "Overlapping chairmanships"),
            ($"La présidence de « {other.PartnerCode} » du {other.From:yyyy-MM-dd} au {to} couvre déjà une partie de ces dates.",
             $"The chairmanship of '{other.PartnerCode}' from {other.From:yyyy-MM-dd} to {to} already covers part of these dates."),
            new Dictionary<string, object?> { ["conflictingId"] = other.Id });
    }

    public static ProblemHttpResult ConcurrentEdit(string language) => Problems.ConcurrentEdit(language,
        ("La présidence a été modifiée entre-temps ; rechargez-la puis réessayez.", "The chairmanship changed meanwhile; reload it and try again."));

    /// <summary>The problem for a refused write (<see cref="ChairmanshipsWorkflow"/>) of the chairmanship <paramref name="id"/>.</summary>
    public static ProblemHttpResult For(string language, ChairmanshipWrite write, Guid id) => write.Outcome switch
    {
        ChairmanshipWriteOutcome.NotFound => NotFound(language, id),
        ChairmanshipWriteOutcome.Overlap => Overlapping(language, write.Overlap!),
        ChairmanshipWriteOutcome.ConcurrentEdit => ConcurrentEdit(language),
        _ => throw new InvalidOperationException($"Not a refusal: {write.Outcome}."),
    };
}
