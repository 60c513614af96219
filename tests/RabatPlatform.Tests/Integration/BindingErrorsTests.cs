using System.Net;
using RabatPlatform.Tests.Infrastructure;

namespace RabatPlatform.Tests.Integration;

/// <summary>
/// Issue 20: a query or route value the framework cannot parse (a number, a GUID, a date, a boolean) is answered as
/// every other bad input is: a bilingual 400 problem whose <c>errors</c> names the parameter, in the request's
/// language, without the framework's English message or a .NET type name.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class BindingErrorsTests(PlatformFixture platform) : IAsyncLifetime
{
    public Task InitializeAsync() => platform.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string, string, string, bool> Urls()
    {
        var data = new TheoryData<string, string, string, bool>();
        (string Url, string Field, bool Secretariat)[] urls =
        [
            ("/api/publications?year=abc", "year", false),
            ("/api/content/news?page=abc", "page", false),
            ("/api/meetings?page=abc", "page", false),
            ("/api/subscriptions/webhooks?page=abc", "page", true),
            ("/api/search?q=migration&year=abc", "year", false),
            ("/api/publications?pageSize=1.5", "pageSize", false),
            ("/api/content/news/00000000-0000-0000-0000-000000000001/revisions?page=x", "page", true),
        ];
        foreach (var (url, field, secretariat) in urls)
        {
            data.Add(url, field, "en", secretariat);
            data.Add(url, field, "fr", secretariat);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Urls))]
    public async Task A_value_that_does_not_parse_is_a_bilingual_problem_naming_the_parameter(string url, string field, string language, bool secretariat)
    {
        var client = secretariat ? await platform.ClientAsAsync("secretariat") : platform.Client;
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.AcceptLanguage.ParseAdd(language);

        var response = await client.SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        var problem = await response.AssertFieldErrorAsync(field);
        Assert.Equal(language == "fr" ? "La requête contient des erreurs de validation." : "The request has validation errors.",
            problem["title"]!.GetValue<string>());
        var message = problem["errors"]![field]![0]!.GetValue<string>();
        Assert.Contains(language == "fr" ? "valeur" : "value", message, StringComparison.Ordinal);
        foreach (var dotnet in new[] { "Int32", "int?", "Nullable", "System.", "Failed to bind" })
        {
            Assert.DoesNotContain(dotnet, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_language_of_the_query_wins_over_the_header()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/publications?year=abc&lang=fr");
        request.Headers.AcceptLanguage.ParseAdd("en");

        var problem = await (await platform.Client.SendAsync(request)).AssertFieldErrorAsync("year");

        Assert.Equal("La requête contient des erreurs de validation.", problem["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Projects_already_answered_this_way_and_still_do()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/content/projects?year=abc");
        request.Headers.AcceptLanguage.ParseAdd("en");

        var response = await platform.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await response.AssertFieldErrorAsync("year");
    }
}
