using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Forecast.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class ApiTokenRep : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "rep_id",
                schema: "identity",
                table: "api_tokens",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_api_tokens_rep_id",
                schema: "identity",
                table: "api_tokens",
                column: "rep_id");

            migrationBuilder.AddForeignKey(
                name: "fk_api_tokens_reps_rep_id",
                schema: "identity",
                table: "api_tokens",
                column: "rep_id",
                principalSchema: "crm",
                principalTable: "reps",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_api_tokens_reps_rep_id",
                schema: "identity",
                table: "api_tokens");

            migrationBuilder.DropIndex(
                name: "ix_api_tokens_rep_id",
                schema: "identity",
                table: "api_tokens");

            migrationBuilder.DropColumn(
                name: "rep_id",
                schema: "identity",
                table: "api_tokens");
        }
    }
}
