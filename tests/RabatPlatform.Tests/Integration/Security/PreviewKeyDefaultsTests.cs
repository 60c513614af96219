using Microsoft.Extensions.DependencyInjection;
using RabatPlatform.Content;
using RabatPlatform.Content.Features.Editorial;
using RabatPlatform.Contracts;
using RabatPlatform.Tests.Infrastructure;

namespace RabatPlatform.Tests.Integration.Security;

/// <summary>
/// The content service's preview tokens are signed with <c>Content:Preview:Key</c>: outside Development a missing
/// key, a short one or the development key published in this repository stops the start, naming the setting.
/// </summary>
public sealed class PreviewKeyDefaultsTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("too-short")]
    [InlineData(EditorialOptions.DevelopmentPreviewKey)]
    public async Task Staging_refuses_a_missing_short_or_development_preview_key(string? key)
    {
        var failure = await Record.ExceptionAsync(async () =>
        {
            await using var content = Start(key);
        });
        Assert.NotNull(failure);
        Assert.Contains("Content:Preview:Key", failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staging_starts_with_a_key_of_its_own_and_signs_previews_with_it()
    {
        await using var content = Start(Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        var tokens = content.Services.GetRequiredService<PreviewTokens>();
        var id = Guid.NewGuid();
        var (token, _) = tokens.Issue(id);
        Assert.Equal(PreviewTokenCheck.Valid, tokens.Check(token, out var checkedId, out _));
        Assert.Equal(id, checkedId);
    }

    /// <summary>
    /// The content service in Staging with every other secret it needs there, a database and a broker that answer
    /// nothing (this test reads no data): only the preview key varies.
    /// </summary>
    private static ServiceHost<ContentApiMarker> Start(string? previewKey)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Authentication:DevSigningKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48)),
            [$"ConnectionStrings:{ResourceNames.ContentDb}"] = "Host=127.0.0.1;Port=9;Database=contentdb;Timeout=1",
            [$"ConnectionStrings:{ResourceNames.Messaging}"] = "amqp://guest:guest@127.0.0.1:9/",
            ["Logging:LogLevel:Default"] = "None", // the unreachable database and broker are on purpose
        };
        if (previewKey is not null)
        {
            settings["Content:Preview:Key"] = previewKey;
        }

        return new ServiceHost<ContentApiMarker>(settings, "Staging").Start(kestrel: false);
    }
}
