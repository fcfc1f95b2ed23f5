using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sotp.Core.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class AuditFullTextSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Sotp.Core.Audit.AuditTextIndex.PostgreSqlCreate);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Sotp.Core.Audit.AuditTextIndex.PostgreSqlDrop);
        }
    }
}
