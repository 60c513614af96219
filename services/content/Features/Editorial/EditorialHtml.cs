using Ganss.Xss;
using Markdig;

namespace RabatPlatform.Content.Features.Editorial;

public static class EditorialFormats
{
    public const string Html = "html";
    public const string Markdown = "markdown";

    public static bool IsSupported(string? format) => format is Html or Markdown;
}

/// <summary>Markdown or HTML in, sanitised HTML out (no script, no event handlers, no javascript: URLs).</summary>
public sealed class EditorialHtml(IHtmlSanitizer sanitizer)
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    public string? Render(string? source, string format)
    {
        if (string.IsNullOrWhiteSpace(source))
        {
            return null;
        }

        var html = format == EditorialFormats.Markdown ? Markdown.ToHtml(source, Pipeline) : source;
        return sanitizer.Sanitize(html);
    }
}
