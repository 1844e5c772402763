using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Forecast.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class Reorder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "reorder_predictions",
                schema: "core",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    prediction_run_id = table.Column<long>(type: "bigint", nullable: false),
                    model_version_id = table.Column<long>(type: "bigint", nullable: true),
                    as_of = table.Column<DateOnly>(type: "date", nullable: false),
                    customer_id = table.Column<long>(type: "bigint", nullable: false),
                    product_id = table.Column<long>(type: "bigint", nullable: false),
                    last_order_date = table.Column<DateOnly>(type: "date", nullable: false),
                    order_count = table.Column<int>(type: "integer", nullable: false),
                    days_since_last_order = table.Column<int>(type: "integer", nullable: false),
                    mean_gap_days = table.Column<double>(type: "double precision", nullable: true),
                    median_gap_days = table.Column<double>(type: "double precision", nullable: true),
                    typical_cycle_days = table.Column<double>(type: "double precision", nullable: false),
                    predicted_date = table.Column<DateOnly>(type: "date", nullable: false),
                    p10_date = table.Column<DateOnly>(type: "date", nullable: false),
                    p25_date = table.Column<DateOnly>(type: "date", nullable: false),
                    p75_date = table.Column<DateOnly>(type: "date", nullable: false),
                    p90_date = table.Column<DateOnly>(type: "date", nullable: false),
                    horizon_days = table.Column<int>(type: "integer", nullable: false),
                    probability_within_horizon = table.Column<double>(type: "double precision", nullable: false),
                    probability_customer_active = table.Column<double>(type: "double precision", nullable: false),
                    probability_product_active = table.Column<double>(type: "double precision", nullable: false),
                    probability_pair_active = table.Column<double>(type: "double precision", nullable: false),
                    expected_quantity = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    usual_quantity = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reorder_predictions", x => x.id);
                    table.ForeignKey(
                        name: "fk_reorder_predictions_erp_customers_customer_id",
                        column: x => x.customer_id,
                        principalSchema: "erp",
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_reorder_predictions_prediction_runs_prediction_run_id",
                        column: x => x.prediction_run_id,
                        principalSchema: "core",
                        principalTable: "prediction_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_reorder_predictions_products_product_id",
                        column: x => x.product_id,
                        principalSchema: "erp",
                        principalTable: "products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_reorder_predictions_customer_id_product_id_as_of",
                schema: "core",
                table: "reorder_predictions",
                columns: new[] { "customer_id", "product_id", "as_of" });

            migrationBuilder.CreateIndex(
                name: "ix_reorder_predictions_prediction_run_id_customer_id_product_id",
                schema: "core",
                table: "reorder_predictions",
                columns: new[] { "prediction_run_id", "customer_id", "product_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_reorder_predictions_product_id",
                schema: "core",
                table: "reorder_predictions",
                column: "product_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "reorder_predictions",
                schema: "core");
        }
    }
}
