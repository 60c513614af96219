using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RabatPlatform.Search.Data.Migrations
{
    /// <inheritdoc />
    public partial class IndexQueryFunction : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(TextSearchConfigurations.CreateIndexQueryFunctionSql);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(TextSearchConfigurations.DropIndexQueryFunctionSql);
        }
    }
}
