using RabatPlatform.Contracts;
using RabatPlatform.Messaging;
using RabatPlatform.Search.Data;

namespace RabatPlatform.Search.Features.Indexing;

/// <summary>
/// Indexes and removes an item in a transaction it rolls back, before the service reports ready: the queries of the
/// indexing consumers are compiled and the first real event is indexed as fast as the next ones (issue 16).
/// </summary>
internal sealed class IndexingWarmup : IWarmupStep
{
    public string Name => "indexing";

    public bool NeedsBus => false;

    public async Task WarmAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SearchDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = DateTimeOffset.UtcNow;
        var id = Guid.NewGuid();
        var text = new TranslatedText("Warm-up", "Warm-up", "<p>Warm-up</p>", "warm-up");
        var item = new SearchItem(SearchItemTypes.News, id,
            new Dictionary<string, TranslatedText> { [Languages.French] = text, [Languages.English] = text }, now, ["warm-up"], ["MA"]);
        await SearchIndexer.UpsertAsync(db, item, now, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await SearchIndexer.RemoveAsync(db, SearchItemTypes.News, id, now, cancellationToken);
        await transaction.RollbackAsync(cancellationToken);
    }
}
