using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Forecast.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class Opportunities : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "opportunity_observations",
                schema: "core",
                columns: table => new
                {
                    opportunity_id = table.Column<long>(type: "bigint", nullable: false),
                    observed_on = table.Column<DateOnly>(type: "date", nullable: false),
                    stage = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    expected_close = table.Column<DateOnly>(type: "date", nullable: true),
                    amount = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_opportunity_observations", x => new { x.opportunity_id, x.observed_on });
                    table.ForeignKey(
                        name: "fk_opportunity_observations_opportunities_opportunity_id",
                        column: x => x.opportunity_id,
                        principalSchema: "crm",
                        principalTable: "opportunities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "opportunity_scores",
                schema: "core",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    opportunity_id = table.Column<long>(type: "bigint", nullable: false),
                    run_id = table.Column<long>(type: "bigint", nullable: false),
                    as_of = table.Column<DateOnly>(type: "date", nullable: false),
                    probability = table.Column<double>(type: "double precision", nullable: false),
                    model = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    classifier_probability = table.Column<double>(type: "double precision", nullable: true),
                    low_data_probability = table.Column<double>(type: "double precision", nullable: false),
                    factors_json = table.Column<string>(type: "jsonb", nullable: false),
                    factors_text = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_opportunity_scores", x => x.id);
                    table.ForeignKey(
                        name: "fk_opportunity_scores_opportunities_opportunity_id",
                        column: x => x.opportunity_id,
                        principalSchema: "crm",
                        principalTable: "opportunities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_opportunity_scores_prediction_runs_run_id",
                        column: x => x.run_id,
                        principalSchema: "core",
                        principalTable: "prediction_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "pipeline_demand",
                schema: "core",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    product_id = table.Column<long>(type: "bigint", nullable: false),
                    run_id = table.Column<long>(type: "bigint", nullable: false),
                    period_start = table.Column<DateOnly>(type: "date", nullable: false),
                    expected_units = table.Column<double>(type: "double precision", nullable: false),
                    variance = table.Column<double>(type: "double precision", nullable: false),
                    new_business_units = table.Column<double>(type: "double precision", nullable: false),
                    new_business_variance = table.Column<double>(type: "double precision", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pipeline_demand", x => x.id);
                    table.ForeignKey(
                        name: "fk_pipeline_demand_prediction_runs_run_id",
                        column: x => x.run_id,
                        principalSchema: "core",
                        principalTable: "prediction_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_pipeline_demand_products_product_id",
                        column: x => x.product_id,
                        principalSchema: "erp",
                        principalTable: "products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_opportunity_scores_opportunity_id_as_of",
                schema: "core",
                table: "opportunity_scores",
                columns: new[] { "opportunity_id", "as_of" });

            migrationBuilder.CreateIndex(
                name: "ix_opportunity_scores_run_id_opportunity_id",
                schema: "core",
                table: "opportunity_scores",
                columns: new[] { "run_id", "opportunity_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_pipeline_demand_product_id_period_start",
                schema: "core",
                table: "pipeline_demand",
                columns: new[] { "product_id", "period_start" });

            migrationBuilder.CreateIndex(
                name: "ix_pipeline_demand_run_id_product_id_period_start",
                schema: "core",
                table: "pipeline_demand",
                columns: new[] { "run_id", "product_id", "period_start" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "opportunity_observations",
                schema: "core");

            migrationBuilder.DropTable(
                name: "opportunity_scores",
                schema: "core");

            migrationBuilder.DropTable(
                name: "pipeline_demand",
                schema: "core");
        }
    }
}
