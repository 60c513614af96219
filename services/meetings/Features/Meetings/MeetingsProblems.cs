using Microsoft.AspNetCore.Http.HttpResults;

namespace RabatPlatform.Meetings.Features.Meetings;

/// <summary>The meetings' bilingual problems (also used by the features built on meetings, such as registrations).</summary>
public static class MeetingsProblems
{
    /// <summary>422 with a bilingual reason; <paramref name="field"/> names the field in <c>errors</c>.</summary>
    public static ProblemHttpResult Unprocessable(string language, (string Fr, string En) title, (string Fr, string En) detail, string? field = null) =>
        Problems.Create(StatusCodes.Status422UnprocessableEntity, language, title, detail,
            field is null ? null : new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [Localized.Pick(language, detail.Fr, detail.En)] } });

    public static ProblemHttpResult MeetingNotFound(string language, string key) => Problems.NotFound(language,
        ("Réunion introuvable", "Meeting not found"),
        ($"Aucune réunion ne correspond à « {key} ».", $"No meeting matches '{key}'."));

    public static ProblemHttpResult UnknownPartners(string language, string field, IEnumerable<string> codes)
    {
        var list = string.Join(", ", codes);
        return Unprocessable(language, ("Partenaire inconnu", "Unknown partner"),
            ($"Code(s) de partenaire inconnu(s) : {list}.", $"Unknown partner code(s): {list}."), field);
    }

    public static ProblemHttpResult ConcurrentEdit(string language) => Problems.ConcurrentEdit(language,
        ("La réunion a été modifiée entre-temps ; rechargez-la puis réessayez.", "The meeting changed meanwhile; reload it and try again."));

    public static ProblemHttpResult SlugConflict(string language, MeetingTranslation t) => Problems.SlugConflict(language, t.Language, t.Slug);

    public static ProblemHttpResult CancelledNotEditable(string language) => Problems.Conflict(language,
        ("Réunion annulée", "Meeting cancelled"),
        ("Une réunion annulée ne se modifie plus.", "A cancelled meeting can no longer be edited."));

    public static ProblemHttpResult AlreadyAnnounced(string language) => Problems.Conflict(language,
        ("Déjà annoncée", "Already announced"),
        ("Une réunion annoncée ne redevient pas « planned » ; annulez-la si besoin.", "An announced meeting cannot go back to 'planned'; cancel it if needed."));

    public static ProblemHttpResult AlreadyCancelled(string language) => Problems.Conflict(language,
        ("Déjà annulée", "Already cancelled"),
        ("Cette réunion est déjà annulée.", "This meeting is already cancelled."));

    /// <summary>503 from the <see cref="WriteGate"/> (the caller sets <c>Retry-After</c>).</summary>
    public static ProblemHttpResult Busy(string language) => Problems.Create(StatusCodes.Status503ServiceUnavailable, language,
        ("Service occupé", "Service busy"),
        ("Trop d'inscriptions en même temps ; réessayez dans quelques secondes.", "Too many registrations at once; try again in a few seconds."));

    /// <summary>The problem for a refused write (<see cref="MeetingsWorkflow"/>); <paramref name="key"/> names the meeting asked for.</summary>
    public static ProblemHttpResult For(string language, MeetingWrite write, string key) => write.Outcome switch
    {
        MeetingWriteOutcome.NotFound => MeetingNotFound(language, key),
        MeetingWriteOutcome.CancelledNotEditable => CancelledNotEditable(language),
        MeetingWriteOutcome.AlreadyAnnounced => AlreadyAnnounced(language),
        MeetingWriteOutcome.AlreadyCancelled => AlreadyCancelled(language),
        MeetingWriteOutcome.UnknownPartners => UnknownPartners(language, "coChairs", write.UnknownPartners!),
        MeetingWriteOutcome.SlugTaken => SlugConflict(language, write.Slug!),
        MeetingWriteOutcome.ConcurrentEdit => ConcurrentEdit(language),
        _ => throw new InvalidOperationException($"Not a refusal: {write.Outcome}."),
    };
}
