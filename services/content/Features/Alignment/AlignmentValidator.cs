using RabatPlatform.Content.Features.Frameworks;

namespace RabatPlatform.Content.Features.Alignment;

/// <summary>The matrix's input rules: the objective numbers of the frameworks feature.</summary>
internal static class AlignmentValidator
{
    /// <summary>The route's objective number; a non-number is an error naming <c>n</c>. Null when <paramref name="errors"/> has any.</summary>
    public static int? Objective(ObjectiveAlignmentRequest request, ValidationErrors errors) =>
        FrameworksValidator.Objective(new GcmObjectiveRequest(request.N), errors);
}
