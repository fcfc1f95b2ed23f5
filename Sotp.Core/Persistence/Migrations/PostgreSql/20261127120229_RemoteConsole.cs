using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Sotp.Core.Persistence.Migrations.PostgreSql
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DeviceId = table.Column<int>(type: "integer", nullable: false),
                    DeviceName = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    UserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    EndedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    EndReason = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true),
                    BytesFromDevice = table.Column<long>(type: "bigint", nullable: false),
                    BytesToDevice = table.Column<long>(type: "bigint", nullable: false),
                    Commands = table.Column<int>(type: "integer", nullable: false),
                    TranscriptSha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConsoleSessions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SshSettings",
                columns: table => new
                {
                    DeviceId = table.Column<int>(type: "integer", nullable: false),
                    Port = table.Column<int>(type: "integer", nullable: false),
                    UserName = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Password = table.Column<string>(type: "text", nullable: true),
                    PrivateKey = table.Column<string>(type: "text", nullable: true),
                    KeyPassphrase = table.Column<string>(type: "text", nullable: true),
                    HostKeyFingerprint = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: true),
                    HostKeyPinnedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    HostKeyPinnedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    RefusedFingerprint = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: true),
                    RefusedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SessionId = table.Column<long>(type: "bigint", nullable: false),
                    Sequence = table.Column<int>(type: "integer", nullable: false),
                    OffsetMs = table.Column<int>(type: "integer", nullable: false),
                    Direction = table.Column<byte>(type: "smallint", nullable: false),
                    Data = table.Column<byte[]>(type: "bytea", nullable: false)
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

            migrationBuilder.Sql("""
                CREATE FUNCTION sotp_transcript_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'console transcripts are append-only'; END $$;
                CREATE TRIGGER "TranscriptChunks_append_only" BEFORE UPDATE OR DELETE OR TRUNCATE ON "TranscriptChunks"
                    FOR EACH STATEMENT EXECUTE FUNCTION sotp_transcript_append_only();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "TranscriptChunks_append_only" ON "TranscriptChunks"; DROP FUNCTION IF EXISTS sotp_transcript_append_only();""");

            migrationBuilder.DropTable(
                name: "SshSettings");

            migrationBuilder.DropTable(
                name: "TranscriptChunks");

            migrationBuilder.DropTable(
                name: "ConsoleSessions");
        }
    }
}
