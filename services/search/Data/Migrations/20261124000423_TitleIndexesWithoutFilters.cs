using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RabatPlatform.Search.Data.Migrations
{
    /// <inheritdoc />
    public partial class TitleIndexesWithoutFilters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_search_documents_countries",
                table: "search_documents");

            migrationBuilder.DropIndex(
                name: "ix_search_documents_themes",
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

            migrationBuilder.CreateIndex(
                name: "ix_search_documents_countries",
                table: "search_documents",
                column: "countries")
                .Annotation("Npgsql:IndexMethod", "GIN");

            migrationBuilder.CreateIndex(
                name: "ix_search_documents_themes",
                table: "search_documents",
                column: "themes")
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
    }
}
