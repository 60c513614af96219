using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RabatPlatform.Search.Data.Migrations
{
    /// <inheritdoc />
    public partial class GinFilterColumns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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

            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:btree_gin", ",,")
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,")
                .Annotation("Npgsql:PostgresExtension:unaccent", ",,")
                .OldAnnotation("Npgsql:PostgresExtension:pg_trgm", ",,")
                .OldAnnotation("Npgsql:PostgresExtension:unaccent", ",,");

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
                name: "ix_search_documents_title_vector_year_item_type_themes_countri",
                table: "search_documents",
                columns: new[] { "title_vector", "year", "item_type", "themes", "countries" },
                filter: "language = 'en' AND text_language = 'en'")
                .Annotation("Npgsql:IndexMethod", "GIN");

            migrationBuilder.CreateIndex(
                name: "ix_search_documents_title_vector_year_item_type_themes_countri1",
                table: "search_documents",
                columns: new[] { "title_vector", "year", "item_type", "themes", "countries" },
                filter: "language = 'en' AND text_language = 'fr'")
                .Annotation("Npgsql:IndexMethod", "GIN");

            migrationBuilder.CreateIndex(
                name: "ix_search_documents_title_vector_year_item_type_themes_countri2",
                table: "search_documents",
                columns: new[] { "title_vector", "year", "item_type", "themes", "countries" },
                filter: "language = 'fr' AND text_language = 'en'")
                .Annotation("Npgsql:IndexMethod", "GIN");

            migrationBuilder.CreateIndex(
                name: "ix_search_documents_title_vector_year_item_type_themes_countri3",
                table: "search_documents",
                columns: new[] { "title_vector", "year", "item_type", "themes", "countries" },
                filter: "language = 'fr' AND text_language = 'fr'")
                .Annotation("Npgsql:IndexMethod", "GIN");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_search_documents_search_vector_year_item_type_themes_countr",
                table: "search_documents");

            migrationBuilder.DropIndex(
                name: "ix_search_documents_search_vector_year_item_type_themes_countr1",
                table: "search_documents");

            migrationBuilder.DropIndex(
                name: "ix_search_documents_search_vector_year_item_type_themes_countr2",
                table: "search_documents");

            migrationBuilder.DropIndex(
                name: "ix_search_documents_search_vector_year_item_type_themes_countr3",
                table: "search_documents");

            migrationBuilder.DropIndex(
                name: "ix_search_documents_title_vector_year_item_type_themes_countri",
                table: "search_documents");

            migrationBuilder.DropIndex(
                name: "ix_search_documents_title_vector_year_item_type_themes_countri1",
                table: "search_documents");

            migrationBuilder.DropIndex(
                name: "ix_search_documents_title_vector_year_item_type_themes_countri2",
                table: "search_documents");

            migrationBuilder.DropIndex(
                name: "ix_search_documents_title_vector_year_item_type_themes_countri3",
                table: "search_documents");

            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,")
                .Annotation("Npgsql:PostgresExtension:unaccent", ",,")
                .OldAnnotation("Npgsql:PostgresExtension:btree_gin", ",,")
                .OldAnnotation("Npgsql:PostgresExtension:pg_trgm", ",,")
                .OldAnnotation("Npgsql:PostgresExtension:unaccent", ",,");

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
    }
}
