using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RabatPlatform.Contracts;

namespace RabatPlatform.Content.Features.Projects;

/// <summary>A technical assistance project of the inventory (e.g. the 340+ projects of 2012-2015).</summary>
public sealed class Project
{
    private Project()
    {
    }

    public Guid Id { get; private set; }

    public string? TitleFr { get; private set; }

    public string? TitleEn { get; private set; }

    public string? SummaryFr { get; private set; }

    public string? SummaryEn { get; private set; }

    /// <summary>ISO 3166-1 alpha-2 codes of the partner countries it covers.</summary>
    public List<string> Countries { get; private set; } = [];

    public int StartYear { get; private set; }

    /// <summary>Last year (included); null when it is open-ended.</summary>
    public int? EndYear { get; private set; }

    public string? Donor { get; private set; }

    public string? Implementer { get; private set; }

    public List<string> Themes { get; private set; } = [];

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public uint Version { get; private set; }

    public static Project Create(ProjectFields f, DateTimeOffset now)
    {
        var project = new Project { Id = Guid.CreateVersion7(now), CreatedAt = now };
        project.Update(f, now);
        return project;
    }

    public void Update(ProjectFields f, DateTimeOffset now)
    {
        TitleFr = f.TitleFr;
        TitleEn = f.TitleEn;
        SummaryFr = f.SummaryFr;
        SummaryEn = f.SummaryEn;
        Countries = [.. f.Countries];
        StartYear = f.StartYear;
        EndYear = f.EndYear;
        Donor = f.Donor;
        Implementer = f.Implementer;
        Themes = [.. f.Themes];
        UpdatedAt = now;
    }

    /// <summary>Each language that has a title, as events carry it (the slug is made from the title).</summary>
    public Dictionary<string, TranslatedText> TranslatedTexts()
    {
        var texts = new Dictionary<string, TranslatedText>();
        if (TitleFr is not null)
        {
            texts[Languages.French] = new(TitleFr, SummaryFr, null, SlugOf(TitleFr));
        }

        if (TitleEn is not null)
        {
            texts[Languages.English] = new(TitleEn, SummaryEn, null, SlugOf(TitleEn));
        }

        return texts;
    }

    public ProjectPublished ToPublishedEvent(DateTimeOffset now) => new(
        Guid.CreateVersion7(now), now, Id, TranslatedTexts(), Countries, StartYear, EndYear, Donor, Implementer, Themes);

    private string SlugOf(string title) => Slugs.From(title) is { Length: > 0 } slug ? slug : Id.ToString("N");
}

/// <summary>A project's fields once validated.</summary>
public sealed record ProjectFields(
    string? TitleFr,
    string? TitleEn,
    string? SummaryFr,
    string? SummaryEn,
    IReadOnlyList<string> Countries,
    int StartYear,
    int? EndYear,
    string? Donor,
    string? Implementer,
    IReadOnlyList<string> Themes);

internal sealed class ProjectConfiguration : IEntityTypeConfiguration<Project>
{
    public void Configure(EntityTypeBuilder<Project> builder)
    {
        builder.ToTable("projects");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.TitleFr).HasMaxLength(ProjectRules.TitleMaxLength);
        builder.Property(p => p.TitleEn).HasMaxLength(ProjectRules.TitleMaxLength);
        builder.Property(p => p.SummaryFr).HasMaxLength(ProjectRules.SummaryMaxLength);
        builder.Property(p => p.SummaryEn).HasMaxLength(ProjectRules.SummaryMaxLength);
        builder.Property(p => p.Donor).HasMaxLength(ProjectRules.NameMaxLength);
        builder.Property(p => p.Implementer).HasMaxLength(ProjectRules.NameMaxLength);
        builder.Property(p => p.Version).IsRowVersion();
        builder.HasIndex(p => p.Countries).HasMethod("gin");
        builder.HasIndex(p => p.Themes).HasMethod("gin");
        builder.HasIndex(p => new { p.StartYear, p.EndYear });
    }
}
