using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sotp.Core.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SnmpSettings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SnmpSettings",
                columns: table => new
                {
                    DeviceId = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    Port = table.Column<int>(type: "INTEGER", nullable: false),
                    TimeoutMs = table.Column<int>(type: "INTEGER", nullable: false),
                    Retries = table.Column<int>(type: "INTEGER", nullable: false),
                    PollIntervalSeconds = table.Column<int>(type: "INTEGER", nullable: false),
                    Community = table.Column<string>(type: "TEXT", nullable: true),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    AuthProtocol = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    AuthKey = table.Column<string>(type: "TEXT", nullable: true),
                    PrivProtocol = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    PrivKey = table.Column<string>(type: "TEXT", nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SnmpSettings", x => x.DeviceId);
                    table.ForeignKey(
                        name: "FK_SnmpSettings_Devices_DeviceId",
                        column: x => x.DeviceId,
                        principalTable: "Devices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SnmpSettings");
        }
    }
}
