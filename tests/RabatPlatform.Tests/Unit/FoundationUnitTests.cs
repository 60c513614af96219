using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using RabatPlatform.Contracts;
using RabatPlatform.Persistence.Outbox;

namespace RabatPlatform.Tests.Unit;

public sealed class FoundationUnitTests
{
    [Theory]
    [InlineData("Réunion thématique à Marrakech", "reunion-thematique-a-marrakech")]
    [InlineData("  Gestion des frontières : l'œuvre commune  ", "gestion-des-frontieres-l-oeuvre-commune")]
    [InlineData("Bulletin d'information #1/2017", "bulletin-d-information-1-2017")]
    [InlineData("---", "")]
    public void Slugs_are_lower_case_ascii_words(string title, string slug)
    {
        Assert.Equal(slug, Slugs.From(title));
        Assert.True(slug.Length == 0 || Slugs.IsValid(slug));
    }

    [Theory]
    [InlineData("Not A Slug")]
    [InlineData("double--hyphen")]
    [InlineData("-leading")]
    [InlineData("accentué")]
    public void Invalid_slugs_are_refused(string slug) => Assert.False(Slugs.IsValid(slug));

    [Fact]
    public void Every_event_type_has_a_unique_dotted_past_tense_name_and_an_id()
    {
        Assert.NotEmpty(EventTypes.All);
        foreach (var (name, type) in EventTypes.All)
        {
            Assert.Matches(new Regex("^[a-z_]+\\.[a-z_]+$"), name);
            Assert.True(typeof(IIntegrationEvent).IsAssignableFrom(type), $"{type.Name} implements IIntegrationEvent");
            Assert.Equal(name, EventTypes.NameOf(type));
        }

        Assert.Equal(typeof(NewsPublished), EventTypes.Find("news.published"));
        Assert.Null(EventTypes.Find("news.deleted"));
    }

    [Fact]
    public void Outbox_backoff_grows_exponentially_with_jitter_and_is_capped()
    {
        var options = new OutboxOptions { FirstRetryDelay = TimeSpan.FromSeconds(1), MaxRetryDelay = TimeSpan.FromMinutes(5) };
        for (var i = 0; i < 50; i++)
        {
            Assert.InRange(options.Backoff(1).TotalSeconds, 0.8, 1.2);
            Assert.InRange(options.Backoff(4).TotalSeconds, 6.4, 9.6);
            Assert.InRange(options.Backoff(40).TotalMinutes, 4, 6);
        }
    }

    [Fact]
    public void An_outbox_message_is_dead_after_too_many_failures_and_keeps_its_trace()
    {
        using var activity = new Activity("test").SetIdFormat(ActivityIdFormat.W3C).Start();
        var now = DateTimeOffset.UtcNow;
        var message = OutboxMessage.Create(
            new NewsUnpublished(Guid.NewGuid(), now, Guid.NewGuid(), new Dictionary<string, string> { ["fr"] = "x" }), activity);
        Assert.Equal("news.unpublished", message.Type);
        Assert.Equal(activity.Id, message.TraceParent);
        Assert.Equal(OutboxStatus.Pending, message.Status);

        var options = new OutboxOptions { MaxAttempts = 3 };
        var failures = Enumerable.Range(0, 3).Select(_ => message.MarkFailed("broker unreachable", now, options, permanent: false)).ToList();
        Assert.Equal([false, false, true], failures);
        Assert.Equal(OutboxStatus.Dead, message.Status);
        Assert.Equal(3, message.Attempts);
    }

    [Theory]
    [InlineData("?lang=en", null, "en")]
    [InlineData("?lang=fr", "en", "fr")]
    [InlineData("", "en-GB,en;q=0.9,fr;q=0.8", "en")]
    [InlineData("", "de-DE,fr;q=0.5,en;q=0.4", "fr")]
    [InlineData("", "de", "fr")]
    [InlineData("?lang=xx", "en", "en")]
    [InlineData("", null, "fr")]
    public void The_request_language_comes_from_lang_then_accept_language_then_french(string query, string? acceptLanguage, string expected)
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString(query);
        if (acceptLanguage is not null)
        {
            context.Request.Headers.AcceptLanguage = acceptLanguage;
        }

        Assert.Equal(expected, RequestLanguage.Resolve(context));
    }
}
