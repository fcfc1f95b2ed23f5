using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sotp.Core.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SnmpMaxRepetitions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "MaxRepetitions",
                table: "SnmpSettings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "MaxRepetitions",
                table: "SnmpSettings");
        }
    }
}
