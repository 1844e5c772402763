using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Forecast.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class Inventory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "inventory_plans",
                schema: "core",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    prediction_run_id = table.Column<long>(type: "bigint", nullable: false),
                    product_id = table.Column<long>(type: "bigint", nullable: false),
                    as_of = table.Column<DateOnly>(type: "date", nullable: false),
                    on_hand = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    stock_counted_on = table.Column<DateOnly>(type: "date", nullable: true),
                    incoming_total = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    days_of_cover = table.Column<double>(type: "double precision", nullable: true),
                    stockout_probability_within_lead_time = table.Column<double>(type: "double precision", nullable: false),
                    projected_stockout_date = table.Column<DateOnly>(type: "date", nullable: true),
                    reorder_point = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    safety_stock = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    order_up_to_level = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    normal_approximation_reorder_point = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    suggested_order_quantity = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    order_by_date = table.Column<DateOnly>(type: "date", nullable: true),
                    lead_time_days = table.Column<int>(type: "integer", nullable: false),
                    review_period_days = table.Column<int>(type: "integer", nullable: false),
                    minimum_order_quantity = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    pack_size = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    cycle_service_level = table.Column<double>(type: "double precision", nullable: false),
                    fill_rate_target = table.Column<double>(type: "double precision", nullable: true),
                    expected_fill_rate = table.Column<double>(type: "double precision", nullable: true),
                    demand_model = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    demand_accuracy = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    method_notes = table.Column<string>(type: "text", nullable: false),
                    available_to_promise_json = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_inventory_plans", x => x.id);
                    table.ForeignKey(
                        name: "fk_inventory_plans_prediction_runs_prediction_run_id",
                        column: x => x.prediction_run_id,
                        principalSchema: "core",
                        principalTable: "prediction_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_inventory_plans_products_product_id",
                        column: x => x.product_id,
                        principalSchema: "erp",
                        principalTable: "products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "inventory_runs",
                schema: "core",
                columns: table => new
                {
                    pipeline_run_id = table.Column<long>(type: "bigint", nullable: false),
                    prediction_run_id = table.Column<long>(type: "bigint", nullable: false),
                    partition_count = table.Column<int>(type: "integer", nullable: false),
                    completed_partitions = table.Column<int[]>(type: "integer[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_inventory_runs", x => x.pipeline_run_id);
                    table.ForeignKey(
                        name: "fk_inventory_runs_pipeline_runs_pipeline_run_id",
                        column: x => x.pipeline_run_id,
                        principalSchema: "core",
                        principalTable: "pipeline_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_inventory_runs_prediction_runs_prediction_run_id",
                        column: x => x.prediction_run_id,
                        principalSchema: "core",
                        principalTable: "prediction_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "stock_projections",
                schema: "core",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    prediction_run_id = table.Column<long>(type: "bigint", nullable: false),
                    product_id = table.Column<long>(type: "bigint", nullable: false),
                    as_of = table.Column<DateOnly>(type: "date", nullable: false),
                    period_start = table.Column<DateOnly>(type: "date", nullable: false),
                    period_end = table.Column<DateOnly>(type: "date", nullable: false),
                    mean_demand = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    incoming = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    stock_p10 = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    stock_p50 = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    stock_p90 = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    stockout_probability = table.Column<double>(type: "double precision", nullable: false),
                    available_to_promise = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stock_projections", x => x.id);
                    table.ForeignKey(
                        name: "fk_stock_projections_prediction_runs_prediction_run_id",
                        column: x => x.prediction_run_id,
                        principalSchema: "core",
                        principalTable: "prediction_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_stock_projections_products_product_id",
                        column: x => x.product_id,
                        principalSchema: "erp",
                        principalTable: "products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_inventory_plans_prediction_run_id_product_id",
                schema: "core",
                table: "inventory_plans",
                columns: new[] { "prediction_run_id", "product_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_inventory_plans_prediction_run_id_stockout_probability_with",
                schema: "core",
                table: "inventory_plans",
                columns: new[] { "prediction_run_id", "stockout_probability_within_lead_time" });

            migrationBuilder.CreateIndex(
                name: "ix_inventory_plans_product_id",
                schema: "core",
                table: "inventory_plans",
                column: "product_id");

            migrationBuilder.CreateIndex(
                name: "ix_inventory_runs_prediction_run_id",
                schema: "core",
                table: "inventory_runs",
                column: "prediction_run_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_stock_projections_prediction_run_id_product_id_period_start",
                schema: "core",
                table: "stock_projections",
                columns: new[] { "prediction_run_id", "product_id", "period_start" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_stock_projections_product_id",
                schema: "core",
                table: "stock_projections",
                column: "product_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "inventory_plans",
                schema: "core");

            migrationBuilder.DropTable(
                name: "inventory_runs",
                schema: "core");

            migrationBuilder.DropTable(
                name: "stock_projections",
                schema: "core");
        }
    }
}
