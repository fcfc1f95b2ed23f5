using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sotp.Core.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RemoteConsole : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ConsoleSessions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DeviceId = table.Column<int>(type: "INTEGER", nullable: false),
                    DeviceName = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EndedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    EndReason = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                    BytesFromDevice = table.Column<long>(type: "INTEGER", nullable: false),
                    BytesToDevice = table.Column<long>(type: "INTEGER", nullable: false),
                    Commands = table.Column<int>(type: "INTEGER", nullable: false),
                    TranscriptSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConsoleSessions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SshSettings",
                columns: table => new
                {
                    DeviceId = table.Column<int>(type: "INTEGER", nullable: false),
                    Port = table.Column<int>(type: "INTEGER", nullable: false),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Password = table.Column<string>(type: "TEXT", nullable: true),
                    PrivateKey = table.Column<string>(type: "TEXT", nullable: true),
                    KeyPassphrase = table.Column<string>(type: "TEXT", nullable: true),
                    HostKeyFingerprint = table.Column<string>(type: "TEXT", maxLength: 80, nullable: true),
                    HostKeyPinnedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    HostKeyPinnedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    RefusedFingerprint = table.Column<string>(type: "TEXT", maxLength: 80, nullable: true),
                    RefusedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SshSettings", x => x.DeviceId);
                    table.ForeignKey(
                        name: "FK_SshSettings_Devices_DeviceId",
                        column: x => x.DeviceId,
                        principalTable: "Devices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TranscriptChunks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SessionId = table.Column<long>(type: "INTEGER", nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    OffsetMs = table.Column<int>(type: "INTEGER", nullable: false),
                    Direction = table.Column<byte>(type: "INTEGER", nullable: false),
                    Data = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TranscriptChunks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TranscriptChunks_ConsoleSessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "ConsoleSessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ConsoleSessions_DeviceId_StartedAt",
                table: "ConsoleSessions",
                columns: new[] { "DeviceId", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ConsoleSessions_StartedAt",
                table: "ConsoleSessions",
                column: "StartedAt");

            migrationBuilder.CreateIndex(
                name: "IX_TranscriptChunks_SessionId_Sequence",
                table: "TranscriptChunks",
                columns: new[] { "SessionId", "Sequence" },
                unique: true);

            migrationBuilder.Sql("CREATE TRIGGER \"TranscriptChunks_no_update\" BEFORE UPDATE ON \"TranscriptChunks\" BEGIN SELECT RAISE(ABORT, 'console transcripts are append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER \"TranscriptChunks_no_delete\" BEFORE DELETE ON \"TranscriptChunks\" BEGIN SELECT RAISE(ABORT, 'console transcripts are append-only'); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS \"TranscriptChunks_no_update\";");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS \"TranscriptChunks_no_delete\";");

            migrationBuilder.DropTable(
                name: "SshSettings");

            migrationBuilder.DropTable(
                name: "TranscriptChunks");

            migrationBuilder.DropTable(
                name: "ConsoleSessions");
        }
    }
}
