using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Forecast.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class RunLifecycle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "inventory_runs",
                schema: "core");

            migrationBuilder.AddColumn<long>(
                name: "pipeline_run_id",
                schema: "core",
                table: "prediction_runs",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "as_of_from_data",
                schema: "core",
                table: "pipeline_runs",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateIndex(
                name: "ix_prediction_runs_pipeline_run_id_kind",
                schema: "core",
                table: "prediction_runs",
                columns: new[] { "pipeline_run_id", "kind" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "fk_prediction_runs_pipeline_runs_pipeline_run_id",
                schema: "core",
                table: "prediction_runs",
                column: "pipeline_run_id",
                principalSchema: "core",
                principalTable: "pipeline_runs",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_prediction_runs_pipeline_runs_pipeline_run_id",
                schema: "core",
                table: "prediction_runs");

            migrationBuilder.DropIndex(
                name: "ix_prediction_runs_pipeline_run_id_kind",
                schema: "core",
                table: "prediction_runs");

            migrationBuilder.DropColumn(
                name: "pipeline_run_id",
                schema: "core",
                table: "prediction_runs");

            migrationBuilder.DropColumn(
                name: "as_of_from_data",
                schema: "core",
                table: "pipeline_runs");

            migrationBuilder.CreateTable(
                name: "inventory_runs",
                schema: "core",
                columns: table => new
                {
                    pipeline_run_id = table.Column<long>(type: "bigint", nullable: false),
                    completed_partitions = table.Column<int[]>(type: "integer[]", nullable: false),
                    partition_count = table.Column<int>(type: "integer", nullable: false),
                    prediction_run_id = table.Column<long>(type: "bigint", nullable: false)
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

            migrationBuilder.CreateIndex(
                name: "ix_inventory_runs_prediction_run_id",
                schema: "core",
                table: "inventory_runs",
                column: "prediction_run_id",
                unique: true);
        }
    }
}
