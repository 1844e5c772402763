using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Forecast.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class Reminders : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "cycle_p90_date",
                schema: "core",
                table: "reorder_predictions",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "language",
                schema: "outreach",
                table: "outbox_messages",
                type: "character varying(35)",
                maxLength: 35,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "dev_mailbox_messages",
                schema: "outreach",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    message_id = table.Column<string>(type: "text", nullable: true),
                    from = table.Column<string>(type: "text", nullable: false),
                    to = table.Column<string>(type: "text", nullable: false),
                    subject = table.Column<string>(type: "text", nullable: false),
                    language = table.Column<string>(type: "text", nullable: true),
                    text_body = table.Column<string>(type: "text", nullable: false),
                    raw = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dev_mailbox_messages", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "reminders",
                schema: "outreach",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    unified_customer_id = table.Column<long>(type: "bigint", nullable: false),
                    product_id = table.Column<long>(type: "bigint", nullable: true),
                    opportunity_id = table.Column<long>(type: "bigint", nullable: true),
                    topic_key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    cycle_date = table.Column<DateOnly>(type: "date", nullable: false),
                    rep_id = table.Column<long>(type: "bigint", nullable: true),
                    as_of = table.Column<DateOnly>(type: "date", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    customer_name = table.Column<string>(type: "text", nullable: false),
                    product_name = table.Column<string>(type: "text", nullable: true),
                    why_now = table.Column<string>(type: "text", nullable: false),
                    facts_json = table.Column<string>(type: "jsonb", nullable: false),
                    contact_id = table.Column<long>(type: "bigint", nullable: true),
                    contact_name = table.Column<string>(type: "text", nullable: true),
                    contact_email = table.Column<string>(type: "text", nullable: true),
                    rep_language = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: true),
                    draft_language = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: true),
                    draft_subject = table.Column<string>(type: "text", nullable: true),
                    draft_body = table.Column<string>(type: "text", nullable: true),
                    draft_source = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true),
                    draft_note = table.Column<string>(type: "text", nullable: true),
                    failure_reason = table.Column<string>(type: "text", nullable: true),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    edited_subject = table.Column<string>(type: "text", nullable: true),
                    edited_body = table.Column<string>(type: "text", nullable: true),
                    edited_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    sent_by_rep_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    dismissed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    dismissed_reason = table.Column<string>(type: "text", nullable: true),
                    handled_by = table.Column<string>(type: "text", nullable: true),
                    outbox_key = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reminders", x => x.id);
                    table.ForeignKey(
                        name: "fk_reminders_opportunities_opportunity_id",
                        column: x => x.opportunity_id,
                        principalSchema: "crm",
                        principalTable: "opportunities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_reminders_products_product_id",
                        column: x => x.product_id,
                        principalSchema: "erp",
                        principalTable: "products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_reminders_reps_rep_id",
                        column: x => x.rep_id,
                        principalSchema: "crm",
                        principalTable: "reps",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_reminders_unified_customers_unified_customer_id",
                        column: x => x.unified_customer_id,
                        principalSchema: "core",
                        principalTable: "unified_customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_dev_mailbox_messages_received_at",
                schema: "outreach",
                table: "dev_mailbox_messages",
                column: "received_at");

            migrationBuilder.CreateIndex(
                name: "ix_reminders_as_of",
                schema: "outreach",
                table: "reminders",
                column: "as_of");

            migrationBuilder.CreateIndex(
                name: "ix_reminders_opportunity_id",
                schema: "outreach",
                table: "reminders",
                column: "opportunity_id");

            migrationBuilder.CreateIndex(
                name: "ix_reminders_outbox_key",
                schema: "outreach",
                table: "reminders",
                column: "outbox_key");

            migrationBuilder.CreateIndex(
                name: "ix_reminders_product_id",
                schema: "outreach",
                table: "reminders",
                column: "product_id");

            migrationBuilder.CreateIndex(
                name: "ix_reminders_rep_id_status",
                schema: "outreach",
                table: "reminders",
                columns: new[] { "rep_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_reminders_unified_customer_id_kind_topic_key_cycle_date",
                schema: "outreach",
                table: "reminders",
                columns: new[] { "unified_customer_id", "kind", "topic_key", "cycle_date" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "dev_mailbox_messages",
                schema: "outreach");

            migrationBuilder.DropTable(
                name: "reminders",
                schema: "outreach");

            migrationBuilder.DropColumn(
                name: "cycle_p90_date",
                schema: "core",
                table: "reorder_predictions");

            migrationBuilder.DropColumn(
                name: "language",
                schema: "outreach",
                table: "outbox_messages");
        }
    }
}
