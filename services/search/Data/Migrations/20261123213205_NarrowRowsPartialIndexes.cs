using Microsoft.EntityFrameworkCore.Migrations;
using NpgsqlTypes;

#nullable disable

namespace RabatPlatform.Search.Data.Migrations
{
    /// <inheritdoc />
    public partial class NarrowRowsPartialIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_search_documents_search_vector",
                table: "search_documents");

            migrationBuilder.AlterTable(
                name: "search_documents")
                .Annotation("Npgsql:StorageParameter:toast_tuple_target", 128);

            migrationBuilder.AddColumn<NpgsqlTsVector>(
                name: "rank_vector",
                table: "search_documents",
                type: "tsvector",
                nullable: false,
                computedColumnSql: "CASE WHEN text_language = 'en' THEN\n    setweight(to_tsvector('rabat_en'::regconfig, coalesce(title, '')), 'A') ||\n    setweight(to_tsvector('rabat_en'::regconfig, coalesce(summary, '')), 'B')\nELSE\n    setweight(to_tsvector('rabat_fr'::regconfig, rabat_strip_elisions(title)), 'A') ||\n    setweight(to_tsvector('rabat_fr'::regconfig, rabat_strip_elisions(summary)), 'B')\nEND",
                stored: true);

            migrationBuilder.AddColumn<NpgsqlTsVector>(
                name: "title_vector",
                table: "search_documents",
                type: "tsvector",
                nullable: false,
                computedColumnSql: "CASE WHEN text_language = 'en' THEN to_tsvector('rabat_en'::regconfig, coalesce(title, ''))\nELSE to_tsvector('rabat_fr'::regconfig, rabat_strip_elisions(title))\nEND",
                stored: true);

            migrationBuilder.CreateIndex(
                name: "ix_search_documents_language_fallback_date",
                table: "search_documents",
                columns: new[] { "language", "fallback", "date" },
                descending: new[] { false, false, true });

            migrationBuilder.CreateIndex(
                name: "ix_search_documents_search_vector",
                table: "search_documents",
                column: "search_vector",
                filter: "language = 'en' AND text_language = 'en'")
                .Annotation("Npgsql:IndexMethod", "GIN");

            migrationBuilder.CreateIndex(
                name: "ix_search_documents_search_vector1",
                table: "search_documents",
                column: "search_vector",
                filter: "language = 'en' AND text_language = 'fr'")
                .Annotation("Npgsql:IndexMethod", "GIN");

            migrationBuilder.CreateIndex(
                name: "ix_search_documents_search_vector2",
                table: "search_documents",
                column: "search_vector",
                filter: "language = 'fr' AND text_language = 'en'")
                .Annotation("Npgsql:IndexMethod", "GIN");

            migrationBuilder.CreateIndex(
                name: "ix_search_documents_search_vector3",
                table: "search_documents",
                column: "search_vector",
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_search_documents_language_fallback_date",
                table: "search_documents");

            migrationBuilder.DropIndex(
                name: "ix_search_documents_search_vector",
                table: "search_documents");

            migrationBuilder.DropIndex(
                name: "ix_search_documents_search_vector1",
                table: "search_documents");

            migrationBuilder.DropIndex(
                name: "ix_search_documents_search_vector2",
                table: "search_documents");

            migrationBuilder.DropIndex(
                name: "ix_search_documents_search_vector3",
                table: "search_documents");

            migrationBuilder.DropIndex(
                name: "ix_search_documents_title_vector",
                table: "search_documents");

            migrationBuilder.DropIndex(
                name: "ix_search_documents_title_vector1",
                table: "search_documents");

            migrationBuilder.DropIndex(
                name: "ix_search_documents_title_vector2",
                table: "search_documents");

            migrationBuilder.DropIndex(
                name: "ix_search_documents_title_vector3",
                table: "search_documents");

            migrationBuilder.DropColumn(
                name: "rank_vector",
                table: "search_documents");

            migrationBuilder.DropColumn(
                name: "title_vector",
                table: "search_documents");

            migrationBuilder.AlterTable(
                name: "search_documents")
                .OldAnnotation("Npgsql:StorageParameter:toast_tuple_target", 128);

            migrationBuilder.CreateIndex(
                name: "ix_search_documents_search_vector",
                table: "search_documents",
                column: "search_vector")
                .Annotation("Npgsql:IndexMethod", "GIN");
        }
    }
}
