using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Forecast.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class CustomerAliases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<List<string>>(
                name: "aliases",
                schema: "erp",
                table: "customers",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'::text[]");

            migrationBuilder.AddColumn<string>(
                name: "website",
                schema: "crm",
                table: "accounts",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "aliases",
                schema: "erp",
                table: "customers");

            migrationBuilder.DropColumn(
                name: "website",
                schema: "crm",
                table: "accounts");
        }
    }
}
