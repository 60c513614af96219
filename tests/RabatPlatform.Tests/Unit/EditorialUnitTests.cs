using Ganss.Xss;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RabatPlatform.Content.Features.Editorial;

namespace RabatPlatform.Tests.Unit;

public sealed class EditorialUnitTests
{
    [Theory]
    [InlineData("diaspora", true)]
    [InlineData("gcm-1", true)]
    [InlineData("gcm-23", true)]
    [InlineData("gcm-24", false)]
    [InlineData("gcm-0", false)]
    [InlineData("gcm-07", false)]
    [InlineData("cadiz-2023", true)]
    [InlineData("cadiz-2023.d2", true)]
    [InlineData("marrakech-2018.d5.o3", true)]
    [InlineData("cadiz-2023.x2", false)]
    [InlineData("unknown-2020.d1", false)]
    [InlineData("Border", false)]
    [InlineData("two words", false)]
    [InlineData("trailing-", false)]
    public void Tags_follow_the_shared_vocabulary(string tag, bool valid) => Assert.Equal(valid, Taxonomy.Check(tag) is null);

    [Fact]
    public void Tags_are_at_most_64_characters() =>
        Assert.NotNull(Taxonomy.Check(new string('a', 65)));

    [Fact]
    public void Preview_tokens_are_signed_and_expire()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-23T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var tokens = Tokens(clock, "a-test-key-of-at-least-thirty-two-characters");
        var id = Guid.NewGuid();
        var (token, expiresAt) = tokens.Issue(id);
        Assert.Equal(PreviewTokenCheck.Valid, tokens.Check(token, out var checkedId, out var checkedExpiry));
        Assert.Equal(id, checkedId);
        Assert.Equal(expiresAt, checkedExpiry);

        var other = Tokens(clock, "another-key-of-at-least-thirty-two-characters");
        Assert.Equal(PreviewTokenCheck.Forged, other.Check(token, out _, out _));
        Assert.Equal(PreviewTokenCheck.Malformed, tokens.Check("abc", out _, out _));
        Assert.Equal(PreviewTokenCheck.Malformed, tokens.Check(null, out _, out _));
        Assert.Equal(PreviewTokenCheck.Malformed, tokens.Check("!!!.???", out _, out _));

        clock.Advance(TimeSpan.FromHours(24));
        Assert.Equal(PreviewTokenCheck.Expired, tokens.Check(token, out _, out _));
    }

    [Fact]
    public void A_key_is_required_outside_development() =>
        Assert.Throws<InvalidOperationException>(() => new PreviewTokens(
            Options.Create(new EditorialOptions()), new Environment(Environments.Production), TimeProvider.System));

    [Theory]
    [InlineData("html", "<p onclick=\"x()\">a <a href=\"javascript:alert(1)\">b</a></p><script>alert(1)</script>")]
    [InlineData("markdown", "a [b](javascript:alert(1))\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>")]
    public void Rendering_removes_scripts_handlers_and_javascript_urls(string format, string source)
    {
        var html = new EditorialHtml(new HtmlSanitizer()).Render(source, format)!;
        Assert.DoesNotContain("script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onclick", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onerror", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("a", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Revisions_list_the_changed_fields()
    {
        var before = new RevisionSnapshot(
            new() { ["fr"] = new("Titre", null, "corps", "html", "titre", "ready") }, ["diaspora"], "draft", null, null);
        var after = new RevisionSnapshot(
            new()
            {
                ["fr"] = new("Titre modifié", null, "corps", "markdown", "titre", "ready"),
                ["en"] = new("Title", null, null, "html", "title", "draft"),
            },
            ["diaspora", "gcm-2"], "scheduled", DateTimeOffset.UnixEpoch, null);
        Assert.Equal(
            ["publishAt", "status", "tags", "translations.en", "translations.fr.format", "translations.fr.title"],
            after.ChangesFrom(before).Order());
        Assert.Empty(after.ChangesFrom(RevisionSnapshot.Deserialize(after.Serialize())));
    }

    private static PreviewTokens Tokens(TimeProvider clock, string key) => new(
        Options.Create(new EditorialOptions { Preview = new() { Key = key, Lifetime = TimeSpan.FromHours(24) } }),
        new Environment(Environments.Production), clock);

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "tests";

        public string ContentRootPath { get; set; } = "";

        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = null!;
    }
}
