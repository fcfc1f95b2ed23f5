using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sotp.Core.Persistence.Migrations.PostgreSql
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
                    DeviceId = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    Port = table.Column<int>(type: "integer", nullable: false),
                    TimeoutMs = table.Column<int>(type: "integer", nullable: false),
                    Retries = table.Column<int>(type: "integer", nullable: false),
                    PollIntervalSeconds = table.Column<int>(type: "integer", nullable: false),
                    Community = table.Column<string>(type: "text", nullable: true),
                    UserName = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    AuthProtocol = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true),
                    AuthKey = table.Column<string>(type: "text", nullable: true),
                    PrivProtocol = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true),
                    PrivKey = table.Column<string>(type: "text", nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
