using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RabatPlatform.Meetings.Data.Migrations
{
    /// <inheritdoc />
    public partial class MeetingCalendarSequence : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "calendar_sequence",
                table: "meetings",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "calendar_uid",
                table: "meetings",
                type: "character varying(300)",
                maxLength: 300,
                nullable: true);

            // The UID the calendar files already gave existing meetings (the default domain), kept so no calendar duplicates them.
            migrationBuilder.Sql("UPDATE meetings SET calendar_uid = id::text || '@meetings.rabat-process.org' WHERE calendar_uid IS NULL;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "calendar_sequence",
                table: "meetings");

            migrationBuilder.DropColumn(
                name: "calendar_uid",
                table: "meetings");
        }
    }
}
