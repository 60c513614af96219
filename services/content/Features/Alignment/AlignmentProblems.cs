using Microsoft.AspNetCore.Http.HttpResults;
using RabatPlatform.Content.Features.Frameworks;

namespace RabatPlatform.Content.Features.Alignment;

/// <summary>The matrix's problems: an objective it does not know is the frameworks' own 404.</summary>
internal static class AlignmentProblems
{
    public static ProblemHttpResult ObjectiveNotFound(string language, int number) => FrameworksProblems.ObjectiveNotFound(language, number);
}
