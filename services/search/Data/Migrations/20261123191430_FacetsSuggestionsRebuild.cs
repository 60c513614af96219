using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using NpgsqlTypes;

#nullable disable

namespace RabatPlatform.Search.Data.Migrations
{
    /// <inheritdoc />
    public partial class FacetsSuggestionsRebuild : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "tags",
                table: "search_documents",
                newName: "themes");

            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,")
                .Annotation("Npgsql:PostgresExtension:unaccent", ",,");

            migrationBuilder.AddColumn<List<string>>(
                name: "countries",
                table: "search_documents",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "refreshed_at",
                table: "search_documents",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            // A generated column cannot change its expression in place (PostgreSQL 15): drop and add it.
            migrationBuilder.Sql(TextSearchConfigurations.CreateElisionFunctionSql);
            migrationBuilder.Sql($"""
                DROP INDEX IF EXISTS ix_search_documents_search_vector;
                ALTER TABLE search_documents DROP COLUMN search_vector;
                ALTER TABLE search_documents ADD COLUMN search_vector tsvector NOT NULL
                    GENERATED ALWAYS AS ({TextSearchConfigurations.SearchVectorSql}) STORED;
                CREATE INDEX ix_search_documents_search_vector ON search_documents USING GIN (search_vector);
                """);

            migrationBuilder.AddColumn<int>(
                name: "year",
                table: "search_documents",
                type: "integer",
                nullable: false,
                computedColumnSql: "CAST(date_part('year', date AT TIME ZONE 'UTC') AS integer)",
                stored: true);

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
                name: "ix_search_documents_countries",
                table: "search_documents",
                column: "countries")
                .Annotation("Npgsql:IndexMethod", "GIN");

            migrationBuilder.CreateIndex(
                name: "ix_search_documents_refreshed_at",
                table: "search_documents",
                column: "refreshed_at");

            migrationBuilder.CreateIndex(
                name: "ix_search_documents_themes",
                table: "search_documents",
                column: "themes")
                .Annotation("Npgsql:IndexMethod", "GIN");

            migrationBuilder.CreateIndex(
                name: "ix_search_terms_term",
                table: "search_terms",
                column: "term")
                .Annotation("Npgsql:IndexMethod", "GIN")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "search_rebuilds");

            migrationBuilder.DropTable(
                name: "search_terms");

            migrationBuilder.DropIndex(
                name: "ix_search_documents_countries",
                table: "search_documents");

            migrationBuilder.DropIndex(
                name: "ix_search_documents_refreshed_at",
                table: "search_documents");

            migrationBuilder.DropIndex(
                name: "ix_search_documents_themes",
                table: "search_documents");

            migrationBuilder.DropColumn(
                name: "year",
                table: "search_documents");

            migrationBuilder.DropColumn(
                name: "countries",
                table: "search_documents");

            migrationBuilder.DropColumn(
                name: "refreshed_at",
                table: "search_documents");

            migrationBuilder.RenameColumn(
                name: "themes",
                table: "search_documents",
                newName: "tags");

            migrationBuilder.AlterDatabase()
                .OldAnnotation("Npgsql:PostgresExtension:pg_trgm", ",,")
                .OldAnnotation("Npgsql:PostgresExtension:unaccent", ",,");

            migrationBuilder.Sql("""
                DROP INDEX IF EXISTS ix_search_documents_search_vector;
                ALTER TABLE search_documents DROP COLUMN search_vector;
                ALTER TABLE search_documents ADD COLUMN search_vector tsvector NOT NULL GENERATED ALWAYS AS (
                    setweight(to_tsvector(CASE WHEN text_language = 'en' THEN 'rabat_en'::regconfig ELSE 'rabat_fr'::regconfig END, coalesce(title, '')), 'A') ||
                    setweight(to_tsvector(CASE WHEN text_language = 'en' THEN 'rabat_en'::regconfig ELSE 'rabat_fr'::regconfig END, coalesce(summary, '')), 'B') ||
                    setweight(to_tsvector(CASE WHEN text_language = 'en' THEN 'rabat_en'::regconfig ELSE 'rabat_fr'::regconfig END, coalesce(body, '')), 'C')) STORED;
                CREATE INDEX ix_search_documents_search_vector ON search_documents USING GIN (search_vector);
                """);
            migrationBuilder.Sql(TextSearchConfigurations.DropElisionFunctionSql);
        }
    }
}
