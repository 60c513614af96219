using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RabatPlatform.Publications.Data.Migrations
{
    /// <inheritdoc />
    public partial class DatabaseFileStorage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "stored_objects",
                columns: table => new
                {
                    key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    length = table.Column<long>(type: "bigint", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stored_objects", x => x.key);
                });

            migrationBuilder.CreateTable(
                name: "stored_object_chunks",
                columns: table => new
                {
                    key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    data = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stored_object_chunks", x => new { x.key, x.number });
                    table.ForeignKey(
                        name: "fk_stored_object_chunks_stored_objects_key",
                        column: x => x.key,
                        principalTable: "stored_objects",
                        principalColumn: "key",
                        onDelete: ReferentialAction.Cascade);
                });

            // Written by hand: files are mostly compressed already, so the chunks are stored out of line
            // without TOAST compression.
            migrationBuilder.Sql("ALTER TABLE stored_object_chunks ALTER COLUMN data SET STORAGE EXTERNAL;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "stored_object_chunks");

            migrationBuilder.DropTable(
                name: "stored_objects");
        }
    }
}
