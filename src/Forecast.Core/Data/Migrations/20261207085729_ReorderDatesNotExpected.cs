using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Forecast.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReorderDatesNotExpected : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<DateOnly>(
                name: "predicted_date",
                schema: "core",
                table: "reorder_predictions",
                type: "date",
                nullable: true,
                oldClrType: typeof(DateOnly),
                oldType: "date");

            migrationBuilder.AlterColumn<DateOnly>(
                name: "p90_date",
                schema: "core",
                table: "reorder_predictions",
                type: "date",
                nullable: true,
                oldClrType: typeof(DateOnly),
                oldType: "date");

            migrationBuilder.AlterColumn<DateOnly>(
                name: "p75_date",
                schema: "core",
                table: "reorder_predictions",
                type: "date",
                nullable: true,
                oldClrType: typeof(DateOnly),
                oldType: "date");

            migrationBuilder.AlterColumn<DateOnly>(
                name: "p25_date",
                schema: "core",
                table: "reorder_predictions",
                type: "date",
                nullable: true,
                oldClrType: typeof(DateOnly),
                oldType: "date");

            migrationBuilder.AlterColumn<DateOnly>(
                name: "p10_date",
                schema: "core",
                table: "reorder_predictions",
                type: "date",
                nullable: true,
                oldClrType: typeof(DateOnly),
                oldType: "date");

            // Rows written before: a gap quantile with no finite answer was clamped to as_of + 36500 days (a 2126 date
            // in 2026). Nothing the model says lies more than ten years ahead (ReorderModel.MaxDateHorizonDays), so
            // such a date is "not expected".
            migrationBuilder.Sql("""
                UPDATE core.reorder_predictions SET
                    predicted_date = CASE WHEN predicted_date > as_of + 3650 THEN NULL ELSE predicted_date END,
                    p10_date = CASE WHEN p10_date > as_of + 3650 THEN NULL ELSE p10_date END,
                    p25_date = CASE WHEN p25_date > as_of + 3650 THEN NULL ELSE p25_date END,
                    p75_date = CASE WHEN p75_date > as_of + 3650 THEN NULL ELSE p75_date END,
                    p90_date = CASE WHEN p90_date > as_of + 3650 THEN NULL ELSE p90_date END,
                    cycle_p90_date = CASE WHEN cycle_p90_date > as_of + 3650 THEN NULL ELSE cycle_p90_date END
                WHERE GREATEST(predicted_date, p10_date, p25_date, p75_date, p90_date, cycle_p90_date) > as_of + 3650;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<DateOnly>(
                name: "predicted_date",
                schema: "core",
                table: "reorder_predictions",
                type: "date",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1),
                oldClrType: typeof(DateOnly),
                oldType: "date",
                oldNullable: true);

            migrationBuilder.AlterColumn<DateOnly>(
                name: "p90_date",
                schema: "core",
                table: "reorder_predictions",
                type: "date",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1),
                oldClrType: typeof(DateOnly),
                oldType: "date",
                oldNullable: true);

            migrationBuilder.AlterColumn<DateOnly>(
                name: "p75_date",
                schema: "core",
                table: "reorder_predictions",
                type: "date",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1),
                oldClrType: typeof(DateOnly),
                oldType: "date",
                oldNullable: true);

            migrationBuilder.AlterColumn<DateOnly>(
                name: "p25_date",
                schema: "core",
                table: "reorder_predictions",
                type: "date",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1),
                oldClrType: typeof(DateOnly),
                oldType: "date",
                oldNullable: true);

            migrationBuilder.AlterColumn<DateOnly>(
                name: "p10_date",
                schema: "core",
                table: "reorder_predictions",
                type: "date",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1),
                oldClrType: typeof(DateOnly),
                oldType: "date",
                oldNullable: true);
        }
    }
}
