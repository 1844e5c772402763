using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Forecast.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class Customers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_customer_account_links_accounts_crm_account_id1",
                schema: "core",
                table: "customer_account_links");

            migrationBuilder.DropIndex(
                name: "ix_customer_account_links_crm_account_id1",
                schema: "core",
                table: "customer_account_links");

            migrationBuilder.DropColumn(
                name: "crm_account_id1",
                schema: "core",
                table: "customer_account_links");

            migrationBuilder.AddColumn<string>(
                name: "owner_reason",
                schema: "core",
                table: "unified_customers",
                type: "text",
                nullable: true);

            migrationBuilder.AlterColumn<long>(
                name: "crm_account_id",
                schema: "core",
                table: "customer_account_links",
                type: "bigint",
                nullable: false,
                oldClrType: typeof(long),
                oldType: "bigint")
                .OldAnnotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);

            migrationBuilder.CreateIndex(
                name: "ix_owner_conflicts_unified_customer_id1",
                schema: "core",
                table: "owner_conflicts",
                column: "unified_customer_id",
                unique: true,
                filter: "resolved_at IS NULL");

            migrationBuilder.AddForeignKey(
                name: "fk_customer_account_links_accounts_crm_account_id",
                schema: "core",
                table: "customer_account_links",
                column: "crm_account_id",
                principalSchema: "crm",
                principalTable: "accounts",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_customer_account_links_accounts_crm_account_id",
                schema: "core",
                table: "customer_account_links");

            migrationBuilder.DropIndex(
                name: "ix_owner_conflicts_unified_customer_id1",
                schema: "core",
                table: "owner_conflicts");

            migrationBuilder.DropColumn(
                name: "owner_reason",
                schema: "core",
                table: "unified_customers");

            migrationBuilder.AlterColumn<long>(
                name: "crm_account_id",
                schema: "core",
                table: "customer_account_links",
                type: "bigint",
                nullable: false,
                oldClrType: typeof(long),
                oldType: "bigint")
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);

            migrationBuilder.AddColumn<long>(
                name: "crm_account_id1",
                schema: "core",
                table: "customer_account_links",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateIndex(
                name: "ix_customer_account_links_crm_account_id1",
                schema: "core",
                table: "customer_account_links",
                column: "crm_account_id1");

            migrationBuilder.AddForeignKey(
                name: "fk_customer_account_links_accounts_crm_account_id1",
                schema: "core",
                table: "customer_account_links",
                column: "crm_account_id1",
                principalSchema: "crm",
                principalTable: "accounts",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);
        }
    }
}
