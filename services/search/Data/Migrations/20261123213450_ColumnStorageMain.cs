using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RabatPlatform.Search.Data.Migrations
{
    /// <inheritdoc />
    public partial class ColumnStorageMain : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Hand-written (EF Core has no model for column storage). With toast_tuple_target = 128
            // (previous migration), PostgreSQL would move every column over ~128 bytes to TOAST; these
            // are read for every match (ranking, facets, suggestions, the page of hits), so they stay in
            // the row. body, summary and search_vector (checked through the GIN indexes) go to TOAST.
            // SET STORAGE applies to values written from now on: existing rows stay correct, only wider,
            // until they are written again.
            migrationBuilder.Sql("""
                ALTER TABLE search_documents
                    ALTER COLUMN slug SET STORAGE MAIN,
                    ALTER COLUMN title SET STORAGE MAIN,
                    ALTER COLUMN themes SET STORAGE MAIN,
                    ALTER COLUMN countries SET STORAGE MAIN,
                    ALTER COLUMN rank_vector SET STORAGE MAIN,
                    ALTER COLUMN title_vector SET STORAGE MAIN;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE search_documents
                    ALTER COLUMN slug SET STORAGE EXTENDED,
                    ALTER COLUMN title SET STORAGE EXTENDED,
                    ALTER COLUMN themes SET STORAGE EXTENDED,
                    ALTER COLUMN countries SET STORAGE EXTENDED,
                    ALTER COLUMN rank_vector SET STORAGE EXTENDED,
                    ALTER COLUMN title_vector SET STORAGE EXTENDED;
                """);
        }
    }
}
