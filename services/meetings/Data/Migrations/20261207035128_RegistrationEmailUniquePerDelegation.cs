using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RabatPlatform.Meetings.Data.Migrations
{
    /// <inheritdoc />
    public partial class RegistrationEmailUniquePerDelegation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ux_registrations_active_email",
                table: "registrations");

            migrationBuilder.CreateIndex(
                name: "ux_registrations_active_email_per_delegation",
                table: "registrations",
                columns: new[] { "meeting_id", "email", "partner_code" },
                unique: true,
                filter: "status IN ('Pending', 'Confirmed', 'Waitlisted', 'Offered')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ux_registrations_active_email_per_delegation",
                table: "registrations");

            migrationBuilder.CreateIndex(
                name: "ux_registrations_active_email",
                table: "registrations",
                columns: new[] { "meeting_id", "email" },
                unique: true,
                filter: "status IN ('Pending', 'Confirmed', 'Waitlisted', 'Offered')");
        }
    }
}
