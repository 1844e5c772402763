using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Forecast.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class PipelineDemand : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "baseline_mean",
                schema: "core",
                table: "demand_forecasts",
                type: "double precision",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.AddColumn<double>(
                name: "pipeline_mean",
                schema: "core",
                table: "demand_forecasts",
                type: "double precision",
                nullable: false,
                defaultValue: 0.0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "baseline_mean",
                schema: "core",
                table: "demand_forecasts");

            migrationBuilder.DropColumn(
                name: "pipeline_mean",
                schema: "core",
                table: "demand_forecasts");
        }
    }
}
