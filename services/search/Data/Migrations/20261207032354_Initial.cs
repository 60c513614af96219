using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using NpgsqlTypes;

#nullable disable

namespace RabatPlatform.Search.Data.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:btree_gin", ",,")
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,")
                .Annotation("Npgsql:PostgresExtension:unaccent", ",,");

            // Hand-written (EF Core does not model them): the French and English text search configurations and
            // the elision function the generated vectors use, created before the table that computes them.
            migrationBuilder.Sql(TextSearchConfigurations.CreateSql);
            migrationBuilder.Sql(TextSearchConfigurations.CreateElisionFunctionSql);

            migrationBuilder.CreateTable(
                name: "inbox_messages",
                columns: table => new
                {
                    message_id = table.Column<Guid>(type: "uuid", nullable: false),
                    consumer = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    processed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_inbox_messages", x => new { x.message_id, x.consumer });
                });

            migrationBuilder.CreateTable(
                name: "outbox_messages",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    type = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    payload = table.Column<string>(type: "jsonb", nullable: false),
                    trace_parent = table.Column<string>(type: "character varying(55)", maxLength: 55, nullable: true),
                    trace_state = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    status = table.Column<int>(type: "integer", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_error = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outbox_messages", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "search_documents",
                columns: table => new
                {
                    item_type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    item_id = table.Column<Guid>(type: "uuid", nullable: false),
                    language = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    text_language = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    fallback = table.Column<bool>(type: "boolean", nullable: false),
                    slug = table.Column<string>(type: "text", nullable: false),
                    title = table.Column<string>(type: "text", nullable: false),
                    summary = table.Column<string>(type: "text", nullable: true),
                    body = table.Column<string>(type: "text", nullable: true),
                    themes = table.Column<List<string>>(type: "text[]", nullable: false),
                    countries = table.Column<List<string>>(type: "text[]", nullable: false),
                    date = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false, computedColumnSql: "CAST(date_part('year', date AT TIME ZONE 'UTC') AS integer)", stored: true),
                    refreshed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    source_time = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    search_vector = table.Column<NpgsqlTsVector>(type: "tsvector", nullable: false, computedColumnSql: "CASE WHEN text_language = 'en' THEN\n    setweight(to_tsvector('rabat_en'::regconfig, coalesce(title, '')), 'A') ||\n    setweight(to_tsvector('rabat_en'::regconfig, coalesce(summary, '')), 'B') ||\n    setweight(to_tsvector('rabat_en'::regconfig, coalesce(body, '')), 'C')\nELSE\n    setweight(to_tsvector('rabat_fr'::regconfig, rabat_strip_elisions(title)), 'A') ||\n    setweight(to_tsvector('rabat_fr'::regconfig, rabat_strip_elisions(summary)), 'B') ||\n    setweight(to_tsvector('rabat_fr'::regconfig, rabat_strip_elisions(body)), 'C')\nEND", stored: true),
                    rank_vector = table.Column<NpgsqlTsVector>(type: "tsvector", nullable: false, computedColumnSql: "CASE WHEN text_language = 'en' THEN\n    setweight(to_tsvector('rabat_en'::regconfig, coalesce(title, '')), 'A') ||\n    setweight(to_tsvector('rabat_en'::regconfig, coalesce(summary, '')), 'B')\nELSE\n    setweight(to_tsvector('rabat_fr'::regconfig, rabat_strip_elisions(title)), 'A') ||\n    setweight(to_tsvector('rabat_fr'::regconfig, rabat_strip_elisions(summary)), 'B')\nEND", stored: true),
                    title_vector = table.Column<NpgsqlTsVector>(type: "tsvector", nullable: false, computedColumnSql: "CASE WHEN text_language = 'en' THEN to_tsvector('rabat_en'::regconfig, coalesce(title, ''))\nELSE to_tsvector('rabat_fr'::regconfig, rabat_strip_elisions(title))\nEND", stored: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_search_documents", x => new { x.item_type, x.item_id, x.language });
                })
                .Annotation("Npgsql:StorageParameter:toast_tuple_target", 128);

            migrationBuilder.CreateTable(
                name: "search_rebuilds",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    completed_services = table.Column<List<string>>(type: "text[]", nullable: false),
                    items_reannounced = table.Column<int>(type: "integer", nullable: false),
                    last_completion_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_search_rebuilds", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "search_terms",
                columns: table => new
                {
                    language = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    term = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_search_terms", x => new { x.language, x.term });
                });

            migrationBuilder.CreateIndex(
                name: "ix_inbox_messages_processed_at",
                table: "inbox_messages",
                column: "processed_at");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_pending",
                table: "outbox_messages",
                columns: new[] { "next_attempt_at", "created_at" },
                filter: "status = 0");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_sent_at",
                table: "outbox_messages",
                column: "sent_at",
                filter: "status = 1");

            migrationBuilder.CreateIndex(
                name: "ix_search_documents_language_date",
                table: "search_documents",
                columns: new[] { "language", "date" });

            migrationBuilder.CreateIndex(
                name: "ix_search_documents_language_fallback_date",
                table: "search_documents",
                columns: new[] { "language", "fallback", "date" },
                descending: new[] { false, false, true });

            migrationBuilder.CreateIndex(
                name: "ix_search_documents_refreshed_at",
                table: "search_documents",
                column: "refreshed_at");

            migrationBuilder.CreateIndex(
                name: "ix_search_documents_search_vector_year_item_type_themes_countr",
                table: "search_documents",
                columns: new[] { "search_vector", "year", "item_type", "themes", "countries" },
                filter: "language = 'en' AND text_language = 'en'")
                .Annotation("Npgsql:IndexMethod", "GIN");

            migrationBuilder.CreateIndex(
                name: "ix_search_documents_search_vector_year_item_type_themes_countr1",
                table: "search_documents",
                columns: new[] { "search_vector", "year", "item_type", "themes", "countries" },
                filter: "language = 'en' AND text_language = 'fr'")
                .Annotation("Npgsql:IndexMethod", "GIN");

            migrationBuilder.CreateIndex(
                name: "ix_search_documents_search_vector_year_item_type_themes_countr2",
                table: "search_documents",
                columns: new[] { "search_vector", "year", "item_type", "themes", "countries" },
                filter: "language = 'fr' AND text_language = 'en'")
                .Annotation("Npgsql:IndexMethod", "GIN");

            migrationBuilder.CreateIndex(
                name: "ix_search_documents_search_vector_year_item_type_themes_countr3",
                table: "search_documents",
                columns: new[] { "search_vector", "year", "item_type", "themes", "countries" },
                filter: "language = 'fr' AND text_language = 'fr'")
                .Annotation("Npgsql:IndexMethod", "GIN");

            migrationBuilder.CreateIndex(
                name: "ix_search_documents_title_vector",
                table: "search_documents",
                column: "title_vector",
                filter: "language = 'en' AND text_language = 'en'")
                .Annotation("Npgsql:IndexMethod", "GIN");

            migrationBuilder.CreateIndex(
                name: "ix_search_documents_title_vector1",
                table: "search_documents",
                column: "title_vector",
                filter: "language = 'en' AND text_language = 'fr'")
                .Annotation("Npgsql:IndexMethod", "GIN");

            migrationBuilder.CreateIndex(
                name: "ix_search_documents_title_vector2",
                table: "search_documents",
                column: "title_vector",
                filter: "language = 'fr' AND text_language = 'en'")
                .Annotation("Npgsql:IndexMethod", "GIN");

            migrationBuilder.CreateIndex(
                name: "ix_search_documents_title_vector3",
                table: "search_documents",
                column: "title_vector",
                filter: "language = 'fr' AND text_language = 'fr'")
                .Annotation("Npgsql:IndexMethod", "GIN");

            migrationBuilder.CreateIndex(
                name: "ix_search_terms_term",
                table: "search_terms",
                column: "term")
                .Annotation("Npgsql:IndexMethod", "GIN")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            // Columns read for every match (ranking, facets, suggestions, the page of hits) stay in the row; body,
            // summary and search_vector (checked through the GIN indexes) go to TOAST.
            migrationBuilder.Sql("""
                ALTER TABLE search_documents
                    ALTER COLUMN slug SET STORAGE MAIN,
                    ALTER COLUMN title SET STORAGE MAIN,
                    ALTER COLUMN themes SET STORAGE MAIN,
                    ALTER COLUMN countries SET STORAGE MAIN,
                    ALTER COLUMN rank_vector SET STORAGE MAIN,
                    ALTER COLUMN title_vector SET STORAGE MAIN;
                """);
            migrationBuilder.Sql(TextSearchConfigurations.CreateIndexQueryFunctionSql);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "inbox_messages");

            migrationBuilder.DropTable(
                name: "outbox_messages");

            migrationBuilder.DropTable(
                name: "search_documents");

            migrationBuilder.DropTable(
                name: "search_rebuilds");

            migrationBuilder.DropTable(
                name: "search_terms");

            migrationBuilder.Sql(TextSearchConfigurations.DropIndexQueryFunctionSql);
            migrationBuilder.Sql(TextSearchConfigurations.DropElisionFunctionSql);
            migrationBuilder.Sql(TextSearchConfigurations.DropSql);
        }
    }
}
