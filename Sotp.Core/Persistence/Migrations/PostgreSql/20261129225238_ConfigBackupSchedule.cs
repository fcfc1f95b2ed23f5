using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sotp.Core.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class ConfigBackupSchedule : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ConfigBackupHours",
                table: "Devices",
                type: "integer",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ConfigBackupHours",
                table: "Devices");
        }
    }
}
