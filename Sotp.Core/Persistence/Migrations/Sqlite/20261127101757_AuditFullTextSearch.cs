using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sotp.Core.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AuditFullTextSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Sotp.Core.Audit.AuditTextIndex.SqliteCreate);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Sotp.Core.Audit.AuditTextIndex.SqliteDrop);
        }
    }
}
