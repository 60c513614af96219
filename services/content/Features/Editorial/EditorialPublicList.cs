using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using RabatPlatform.Content.Data;
using RabatPlatform.Contracts;

namespace RabatPlatform.Content.Features.Editorial;

/// <summary>
/// The public list of news or pages in one statement: the page of published items (newest first) with the
/// total as a window count, joined to the ready versions' list columns only (no bodies). The statement
/// text is constant, so Npgsql's automatic preparation plans it once per connection.
/// </summary>
public static class EditorialPublicList
{
    private const string Sql = """
        WITH page AS (
            SELECT i.id, i.published_at, i.updated_at, i.tags, count(*) OVER () AS total
            FROM editorial_items i
            WHERE i.kind = @kind AND i.status = 'Published'
              AND (@tag::text IS NULL OR i.tags @> ARRAY[@tag::text])
              AND EXISTS (SELECT 1 FROM editorial_translations r WHERE r.item_id = i.id AND r.ready)
            ORDER BY i.published_at DESC, i.id
            LIMIT @size OFFSET @offset)
        SELECT p.id, p.published_at, p.updated_at, p.tags, p.total, t.language, t.title, t.summary, t.slug
        FROM page p JOIN editorial_translations t ON t.item_id = p.id AND t.ready
        ORDER BY p.published_at DESC, p.id
        """;

    private const string CountSql = """
        SELECT count(*) FROM editorial_items i
        WHERE i.kind = @kind AND i.status = 'Published'
          AND (@tag::text IS NULL OR i.tags @> ARRAY[@tag::text])
          AND EXISTS (SELECT 1 FROM editorial_translations r WHERE r.item_id = i.id AND r.ready)
        """;

    private sealed record Version(string Language, string Title, string? Summary, string Slug);

    private sealed class Row(Guid id, DateTimeOffset? publishedAt, DateTimeOffset updatedAt, string[] tags)
    {
        public Guid Id { get; } = id;

        public DateTimeOffset? PublishedAt { get; } = publishedAt;

        public DateTimeOffset UpdatedAt { get; } = updatedAt;

        public string[] Tags { get; } = tags;

        public List<Version> Versions { get; } = [];
    }

    public static async Task<PagedList<EditorialListItemView>> ReadAsync(
        ContentDbContext db, EditorialKind kind, string? tag, int page, int size, string language, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var rows = new List<Row>(size);
            var total = 0;
            await using (var command = Command(connection, Sql, kind, tag))
            {
                command.Parameters.Add(new NpgsqlParameter<int>("size", NpgsqlDbType.Integer) { TypedValue = size });
                command.Parameters.Add(new NpgsqlParameter<int>("offset", NpgsqlDbType.Integer) { TypedValue = (page - 1) * size });
                await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    var id = reader.GetGuid(0);
                    if (rows.Count == 0 || rows[^1].Id != id)
                    {
                        rows.Add(new Row(id, reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1),
                            reader.GetFieldValue<DateTimeOffset>(2), reader.GetFieldValue<string[]>(3)));
                        total = checked((int)reader.GetInt64(4));
                    }

                    rows[^1].Versions.Add(new Version(reader.GetString(5), reader.GetString(6),
                        reader.IsDBNull(7) ? null : reader.GetString(7), reader.GetString(8)));
                }
            }

            if (rows.Count == 0 && page > 1)
            {
                // Past the last page: the window count had no row to ride on.
                await using var count = Command(connection, CountSql, kind, tag);
                total = checked((int)(long)(await count.ExecuteScalarAsync(cancellationToken))!);
            }

            return new PagedList<EditorialListItemView>(rows.Select(r => View(r, kind, language)).ToList(), page, size, total);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static NpgsqlCommand Command(DbConnection connection, string sql, EditorialKind kind, string? tag)
    {
        var command = new NpgsqlCommand(sql, (NpgsqlConnection)connection);
        command.Parameters.Add(new NpgsqlParameter<string>("kind", NpgsqlDbType.Varchar) { TypedValue = kind.ToString() });
        command.Parameters.Add(new NpgsqlParameter("tag", NpgsqlDbType.Text) { Value = (object?)tag ?? DBNull.Value });
        return command;
    }

    /// <summary>As <see cref="EditorialItem.Resolve"/>: the version in the language, else the other one (fallback).</summary>
    private static EditorialListItemView View(Row row, EditorialKind kind, string language)
    {
        var versions = row.Versions.OrderBy(v => v.Language == Languages.Default ? 0 : 1).ToList();
        var exact = versions.FirstOrDefault(v => v.Language == language);
        var shown = exact ?? versions.First(v => v.Language == Languages.Other(language));
        return new EditorialListItemView(row.Id, kind == EditorialKind.News ? "news" : "page", shown.Language, exact is null,
            shown.Title, shown.Summary, shown.Slug, row.Tags, row.PublishedAt, row.UpdatedAt,
            versions.ToDictionary(v => v.Language, v => v.Slug));
    }
}
