using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Forecast.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class Demand : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "demand_forecasts",
                schema: "core",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    prediction_run_id = table.Column<long>(type: "bigint", nullable: false),
                    product_id = table.Column<long>(type: "bigint", nullable: false),
                    period_start = table.Column<DateOnly>(type: "date", nullable: false),
                    step = table.Column<int>(type: "integer", nullable: false),
                    mean = table.Column<double>(type: "double precision", nullable: false),
                    p10 = table.Column<double>(type: "double precision", nullable: false),
                    p25 = table.Column<double>(type: "double precision", nullable: false),
                    p50 = table.Column<double>(type: "double precision", nullable: false),
                    p75 = table.Column<double>(type: "double precision", nullable: false),
                    p90 = table.Column<double>(type: "double precision", nullable: false),
                    model = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    backtest_mase = table.Column<double>(type: "double precision", nullable: true),
                    demand_class = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_demand_forecasts", x => x.id);
                    table.ForeignKey(
                        name: "fk_demand_forecasts_prediction_runs_prediction_run_id",
                        column: x => x.prediction_run_id,
                        principalSchema: "core",
                        principalTable: "prediction_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_demand_forecasts_products_product_id",
                        column: x => x.product_id,
                        principalSchema: "erp",
                        principalTable: "products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_demand_forecasts_prediction_run_id_product_id_period_start",
                schema: "core",
                table: "demand_forecasts",
                columns: new[] { "prediction_run_id", "product_id", "period_start" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_demand_forecasts_product_id",
                schema: "core",
                table: "demand_forecasts",
                column: "product_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "demand_forecasts",
                schema: "core");
        }
    }
}
