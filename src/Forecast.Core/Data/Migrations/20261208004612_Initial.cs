using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Forecast.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "crm");

            migrationBuilder.EnsureSchema(
                name: "identity");

            migrationBuilder.EnsureSchema(
                name: "outreach");

            migrationBuilder.EnsureSchema(
                name: "core");

            migrationBuilder.EnsureSchema(
                name: "erp");

            migrationBuilder.EnsureSchema(
                name: "erpsync");

            migrationBuilder.EnsureSchema(
                name: "ingest");

            migrationBuilder.CreateTable(
                name: "AspNetRoles",
                schema: "identity",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false),
                    name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    normalized_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    concurrency_stamp = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_asp_net_roles", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUsers",
                schema: "identity",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false),
                    display_name = table.Column<string>(type: "text", nullable: false),
                    rep_id = table.Column<long>(type: "bigint", nullable: true),
                    preferred_culture = table.Column<string>(type: "text", nullable: true),
                    user_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    normalized_user_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    normalized_email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    email_confirmed = table.Column<bool>(type: "boolean", nullable: false),
                    password_hash = table.Column<string>(type: "text", nullable: true),
                    security_stamp = table.Column<string>(type: "text", nullable: true),
                    concurrency_stamp = table.Column<string>(type: "text", nullable: true),
                    phone_number = table.Column<string>(type: "text", nullable: true),
                    phone_number_confirmed = table.Column<bool>(type: "boolean", nullable: false),
                    two_factor_enabled = table.Column<bool>(type: "boolean", nullable: false),
                    lockout_end = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    lockout_enabled = table.Column<bool>(type: "boolean", nullable: false),
                    access_failed_count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_asp_net_users", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "customers",
                schema: "erp",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    code = table.Column<string>(type: "text", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    tax_id = table.Column<string>(type: "text", nullable: true),
                    country = table.Column<string>(type: "text", nullable: true),
                    language = table.Column<string>(type: "text", nullable: true),
                    email = table.Column<string>(type: "text", nullable: true),
                    payment_terms_days = table.Column<int>(type: "integer", nullable: true),
                    credit_limit = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: true),
                    aliases = table.Column<List<string>>(type: "text[]", nullable: false, defaultValueSql: "'{}'::text[]"),
                    source_system = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    source_key = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    import_run_id = table.Column<long>(type: "bigint", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_customers", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "erp_documents",
                schema: "erpsync",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    key = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    payload = table.Column<string>(type: "jsonb", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    exported_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    delivered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    claimed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    gave_up_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_erp_documents", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "import_runs",
                schema: "ingest",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    system = table.Column<string>(type: "text", nullable: false),
                    source = table.Column<string>(type: "text", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    rows_read = table.Column<long>(type: "bigint", nullable: false),
                    rows_inserted = table.Column<long>(type: "bigint", nullable: false),
                    rows_updated = table.Column<long>(type: "bigint", nullable: false),
                    rows_unchanged = table.Column<long>(type: "bigint", nullable: false),
                    rows_skipped = table.Column<long>(type: "bigint", nullable: false),
                    error_count = table.Column<long>(type: "bigint", nullable: false),
                    report_json = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_import_runs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "model_versions",
                schema: "core",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    kind = table.Column<string>(type: "text", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    trained_from = table.Column<DateOnly>(type: "date", nullable: true),
                    trained_to = table.Column<DateOnly>(type: "date", nullable: true),
                    training_rows = table.Column<long>(type: "bigint", nullable: false),
                    seed = table.Column<int>(type: "integer", nullable: true),
                    code_version = table.Column<string>(type: "text", nullable: false),
                    metrics_json = table.Column<string>(type: "jsonb", nullable: false),
                    manifest_json = table.Column<string>(type: "jsonb", nullable: false),
                    artefact = table.Column<byte[]>(type: "bytea", nullable: true),
                    is_current = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_model_versions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "outbox_messages",
                schema: "outreach",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    key = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    message_id = table.Column<string>(type: "text", nullable: false),
                    from_address = table.Column<string>(type: "text", nullable: false),
                    from_name = table.Column<string>(type: "text", nullable: true),
                    to_address = table.Column<string>(type: "text", nullable: false),
                    to_name = table.Column<string>(type: "text", nullable: true),
                    subject = table.Column<string>(type: "text", nullable: false),
                    text_body = table.Column<string>(type: "text", nullable: false),
                    html_body = table.Column<string>(type: "text", nullable: true),
                    language = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: true),
                    category = table.Column<string>(type: "text", nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    claimed_by = table.Column<string>(type: "text", nullable: true),
                    claimed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_result = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outbox_messages", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "pipeline_runs",
                schema: "core",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    as_of = table.Column<DateOnly>(type: "date", nullable: false),
                    as_of_from_data = table.Column<bool>(type: "boolean", nullable: false),
                    stages = table.Column<string[]>(type: "text[]", nullable: false),
                    trigger = table.Column<string>(type: "text", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    error = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pipeline_runs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "products",
                schema: "erp",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    sku = table.Column<string>(type: "text", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    family = table.Column<string>(type: "text", nullable: true),
                    unit = table.Column<string>(type: "text", nullable: true),
                    supplier = table.Column<string>(type: "text", nullable: true),
                    lead_time_days = table.Column<int>(type: "integer", nullable: false),
                    moq = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    pack_size = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    unit_cost = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: true),
                    list_price = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: true),
                    source_system = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    source_key = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    import_run_id = table.Column<long>(type: "bigint", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_products", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "reps",
                schema: "crm",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "text", nullable: false),
                    email = table.Column<string>(type: "text", nullable: false),
                    team = table.Column<string>(type: "text", nullable: true),
                    active = table.Column<bool>(type: "boolean", nullable: false),
                    source_system = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    source_key = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    import_run_id = table.Column<long>(type: "bigint", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reps", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "supplier_settings",
                schema: "core",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    supplier = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    minimum_order_value = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    updated_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_supplier_settings", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "AspNetRoleClaims",
                schema: "identity",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    role_id = table.Column<string>(type: "text", nullable: false),
                    claim_type = table.Column<string>(type: "text", nullable: true),
                    claim_value = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_asp_net_role_claims", x => x.id);
                    table.ForeignKey(
                        name: "fk_asp_net_role_claims_asp_net_roles_role_id",
                        column: x => x.role_id,
                        principalSchema: "identity",
                        principalTable: "AspNetRoles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserClaims",
                schema: "identity",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    user_id = table.Column<string>(type: "text", nullable: false),
                    claim_type = table.Column<string>(type: "text", nullable: true),
                    claim_value = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_asp_net_user_claims", x => x.id);
                    table.ForeignKey(
                        name: "fk_asp_net_user_claims_asp_net_users_user_id",
                        column: x => x.user_id,
                        principalSchema: "identity",
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserLogins",
                schema: "identity",
                columns: table => new
                {
                    login_provider = table.Column<string>(type: "text", nullable: false),
                    provider_key = table.Column<string>(type: "text", nullable: false),
                    provider_display_name = table.Column<string>(type: "text", nullable: true),
                    user_id = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_asp_net_user_logins", x => new { x.login_provider, x.provider_key });
                    table.ForeignKey(
                        name: "fk_asp_net_user_logins_asp_net_users_user_id",
                        column: x => x.user_id,
                        principalSchema: "identity",
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserRoles",
                schema: "identity",
                columns: table => new
                {
                    user_id = table.Column<string>(type: "text", nullable: false),
                    role_id = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_asp_net_user_roles", x => new { x.user_id, x.role_id });
                    table.ForeignKey(
                        name: "fk_asp_net_user_roles_asp_net_roles_role_id",
                        column: x => x.role_id,
                        principalSchema: "identity",
                        principalTable: "AspNetRoles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_asp_net_user_roles_asp_net_users_user_id",
                        column: x => x.user_id,
                        principalSchema: "identity",
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserTokens",
                schema: "identity",
                columns: table => new
                {
                    user_id = table.Column<string>(type: "text", nullable: false),
                    login_provider = table.Column<string>(type: "text", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    value = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_asp_net_user_tokens", x => new { x.user_id, x.login_provider, x.name });
                    table.ForeignKey(
                        name: "fk_asp_net_user_tokens_asp_net_users_user_id",
                        column: x => x.user_id,
                        principalSchema: "identity",
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "invoices",
                schema: "erp",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    invoice_number = table.Column<string>(type: "text", nullable: false),
                    customer_id = table.Column<long>(type: "bigint", nullable: false),
                    sales_order_id = table.Column<long>(type: "bigint", nullable: true),
                    invoice_date = table.Column<DateOnly>(type: "date", nullable: false),
                    due_date = table.Column<DateOnly>(type: "date", nullable: false),
                    amount = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    paid_amount = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    currency = table.Column<string>(type: "text", nullable: true),
                    source_system = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    source_key = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    import_run_id = table.Column<long>(type: "bigint", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_invoices", x => x.id);
                    table.ForeignKey(
                        name: "fk_invoices_erp_customers_customer_id",
                        column: x => x.customer_id,
                        principalSchema: "erp",
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sales_orders",
                schema: "erp",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    order_number = table.Column<string>(type: "text", nullable: false),
                    customer_id = table.Column<long>(type: "bigint", nullable: false),
                    order_date = table.Column<DateOnly>(type: "date", nullable: false),
                    requested_date = table.Column<DateOnly>(type: "date", nullable: true),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    currency = table.Column<string>(type: "text", nullable: true),
                    external_reference = table.Column<string>(type: "text", nullable: true),
                    source_system = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    source_key = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    import_run_id = table.Column<long>(type: "bigint", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sales_orders", x => x.id);
                    table.ForeignKey(
                        name: "fk_sales_orders_erp_customers_customer_id",
                        column: x => x.customer_id,
                        principalSchema: "erp",
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "prediction_runs",
                schema: "core",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    kind = table.Column<string>(type: "text", nullable: false),
                    as_of = table.Column<DateOnly>(type: "date", nullable: false),
                    pipeline_run_id = table.Column<long>(type: "bigint", nullable: true),
                    model_version_id = table.Column<long>(type: "bigint", nullable: true),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    items = table.Column<long>(type: "bigint", nullable: false),
                    metrics_json = table.Column<string>(type: "jsonb", nullable: false),
                    error = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_prediction_runs", x => x.id);
                    table.ForeignKey(
                        name: "fk_prediction_runs_model_versions_model_version_id",
                        column: x => x.model_version_id,
                        principalSchema: "core",
                        principalTable: "model_versions",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "fk_prediction_runs_pipeline_runs_pipeline_run_id",
                        column: x => x.pipeline_run_id,
                        principalSchema: "core",
                        principalTable: "pipeline_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "stage_partitions",
                schema: "core",
                columns: table => new
                {
                    pipeline_run_id = table.Column<long>(type: "bigint", nullable: false),
                    stage = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    partition = table.Column<int>(type: "integer", nullable: false),
                    partition_count = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    dispatched_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    claimed_by = table.Column<string>(type: "text", nullable: true),
                    claimed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    error = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stage_partitions", x => new { x.pipeline_run_id, x.stage, x.partition });
                    table.ForeignKey(
                        name: "fk_stage_partitions_pipeline_runs_pipeline_run_id",
                        column: x => x.pipeline_run_id,
                        principalSchema: "core",
                        principalTable: "pipeline_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "forecast_overrides",
                schema: "core",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    product_id = table.Column<long>(type: "bigint", nullable: false),
                    period_start = table.Column<DateOnly>(type: "date", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    value = table.Column<double>(type: "double precision", nullable: false),
                    model_mean = table.Column<double>(type: "double precision", nullable: false),
                    override_mean = table.Column<double>(type: "double precision", nullable: false),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    created_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_forecast_overrides", x => x.id);
                    table.ForeignKey(
                        name: "fk_forecast_overrides_products_product_id",
                        column: x => x.product_id,
                        principalSchema: "erp",
                        principalTable: "products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "incoming_supply",
                schema: "erp",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    purchase_order_number = table.Column<string>(type: "text", nullable: false),
                    line_number = table.Column<int>(type: "integer", nullable: false),
                    product_id = table.Column<long>(type: "bigint", nullable: false),
                    quantity = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    expected_date = table.Column<DateOnly>(type: "date", nullable: false),
                    supplier = table.Column<string>(type: "text", nullable: true),
                    source_system = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    source_key = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    import_run_id = table.Column<long>(type: "bigint", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_incoming_supply", x => x.id);
                    table.ForeignKey(
                        name: "fk_incoming_supply_products_product_id",
                        column: x => x.product_id,
                        principalSchema: "erp",
                        principalTable: "products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "planning_setting_changes",
                schema: "core",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    product_id = table.Column<long>(type: "bigint", nullable: false),
                    setting = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    old_value = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    new_value = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    reset = table.Column<bool>(type: "boolean", nullable: false),
                    changed_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_planning_setting_changes", x => x.id);
                    table.ForeignKey(
                        name: "fk_planning_setting_changes_products_product_id",
                        column: x => x.product_id,
                        principalSchema: "erp",
                        principalTable: "products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "product_cost_changes",
                schema: "erp",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    product_id = table.Column<long>(type: "bigint", nullable: false),
                    effective_on = table.Column<DateOnly>(type: "date", nullable: false),
                    unit_cost = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    source_system = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    source_key = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    import_run_id = table.Column<long>(type: "bigint", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_product_cost_changes", x => x.id);
                    table.ForeignKey(
                        name: "fk_product_cost_changes_products_product_id",
                        column: x => x.product_id,
                        principalSchema: "erp",
                        principalTable: "products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "product_planning_overrides",
                schema: "core",
                columns: table => new
                {
                    product_id = table.Column<long>(type: "bigint", nullable: false),
                    lead_time_days = table.Column<int>(type: "integer", nullable: true),
                    cycle_service_level = table.Column<double>(type: "double precision", nullable: true),
                    moq = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: true),
                    pack_size = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: true),
                    changed_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_product_planning_overrides", x => x.product_id);
                    table.ForeignKey(
                        name: "fk_product_planning_overrides_products_product_id",
                        column: x => x.product_id,
                        principalSchema: "erp",
                        principalTable: "products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "purchase_proposals",
                schema: "core",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    key = table.Column<string>(type: "text", nullable: false),
                    product_id = table.Column<long>(type: "bigint", nullable: false),
                    sku = table.Column<string>(type: "text", nullable: false),
                    supplier = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    unit = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    quantity = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    suggested_quantity = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    order_by = table.Column<DateOnly>(type: "date", nullable: true),
                    plan_as_of = table.Column<DateOnly>(type: "date", nullable: false),
                    approved_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    approved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_purchase_proposals", x => x.id);
                    table.ForeignKey(
                        name: "fk_purchase_proposals_products_product_id",
                        column: x => x.product_id,
                        principalSchema: "erp",
                        principalTable: "products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "stock_on_hand",
                schema: "erp",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    product_id = table.Column<long>(type: "bigint", nullable: false),
                    warehouse = table.Column<string>(type: "text", nullable: false),
                    quantity = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    as_of = table.Column<DateOnly>(type: "date", nullable: false),
                    source_system = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    source_key = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    import_run_id = table.Column<long>(type: "bigint", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stock_on_hand", x => x.id);
                    table.ForeignKey(
                        name: "fk_stock_on_hand_products_product_id",
                        column: x => x.product_id,
                        principalSchema: "erp",
                        principalTable: "products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "accounts",
                schema: "crm",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "text", nullable: false),
                    email_domain = table.Column<string>(type: "text", nullable: true),
                    tax_id = table.Column<string>(type: "text", nullable: true),
                    country = table.Column<string>(type: "text", nullable: true),
                    phone = table.Column<string>(type: "text", nullable: true),
                    owner_rep_id = table.Column<long>(type: "bigint", nullable: true),
                    website = table.Column<string>(type: "text", nullable: true),
                    address = table.Column<string>(type: "text", nullable: true),
                    city = table.Column<string>(type: "text", nullable: true),
                    source_system = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    source_key = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    import_run_id = table.Column<long>(type: "bigint", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_accounts", x => x.id);
                    table.ForeignKey(
                        name: "fk_accounts_reps_owner_rep_id",
                        column: x => x.owner_rep_id,
                        principalSchema: "crm",
                        principalTable: "reps",
                        principalColumn: "id");
                });

            migrationBuilder.CreateTable(
                name: "api_tokens",
                schema: "identity",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "text", nullable: false),
                    token_hash = table.Column<string>(type: "text", nullable: false),
                    role = table.Column<string>(type: "text", nullable: false),
                    rep_id = table.Column<long>(type: "bigint", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_used_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_api_tokens", x => x.id);
                    table.ForeignKey(
                        name: "fk_api_tokens_reps_rep_id",
                        column: x => x.rep_id,
                        principalSchema: "crm",
                        principalTable: "reps",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "unified_customers",
                schema: "core",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    display_name = table.Column<string>(type: "text", nullable: false),
                    erp_customer_id = table.Column<long>(type: "bigint", nullable: true),
                    owner_rep_id = table.Column<long>(type: "bigint", nullable: true),
                    owner_reason = table.Column<string>(type: "text", nullable: true),
                    assigned_owner_rep_id = table.Column<long>(type: "bigint", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_unified_customers", x => x.id);
                    table.ForeignKey(
                        name: "fk_unified_customers_erp_customers_erp_customer_id",
                        column: x => x.erp_customer_id,
                        principalSchema: "erp",
                        principalTable: "customers",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "fk_unified_customers_reps_owner_rep_id",
                        column: x => x.owner_rep_id,
                        principalSchema: "crm",
                        principalTable: "reps",
                        principalColumn: "id");
                });

            migrationBuilder.CreateTable(
                name: "sales_order_lines",
                schema: "erp",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    sales_order_id = table.Column<long>(type: "bigint", nullable: false),
                    line_number = table.Column<int>(type: "integer", nullable: false),
                    product_id = table.Column<long>(type: "bigint", nullable: false),
                    quantity = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    unit_price = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: false),
                    is_return = table.Column<bool>(type: "boolean", nullable: false),
                    source_system = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    source_key = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    import_run_id = table.Column<long>(type: "bigint", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sales_order_lines", x => x.id);
                    table.ForeignKey(
                        name: "fk_sales_order_lines_products_product_id",
                        column: x => x.product_id,
                        principalSchema: "erp",
                        principalTable: "products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_sales_order_lines_sales_orders_sales_order_id",
                        column: x => x.sales_order_id,
                        principalSchema: "erp",
                        principalTable: "sales_orders",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "demand_cv_rows",
                schema: "core",
                columns: table => new
                {
                    prediction_run_id = table.Column<long>(type: "bigint", nullable: false),
                    product_id = table.Column<long>(type: "bigint", nullable: false),
                    candidate = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    cutoff = table.Column<DateOnly>(type: "date", nullable: false),
                    step = table.Column<int>(type: "integer", nullable: false),
                    is_outer = table.Column<bool>(type: "boolean", nullable: false),
                    target = table.Column<DateOnly>(type: "date", nullable: false),
                    actual = table.Column<double>(type: "double precision", nullable: false),
                    forecast = table.Column<double>(type: "double precision", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_demand_cv_rows", x => new { x.prediction_run_id, x.product_id, x.candidate, x.cutoff, x.step, x.is_outer });
                    table.ForeignKey(
                        name: "fk_demand_cv_rows_prediction_runs_prediction_run_id",
                        column: x => x.prediction_run_id,
                        principalSchema: "core",
                        principalTable: "prediction_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

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
                    baseline_mean = table.Column<double>(type: "double precision", nullable: false),
                    pipeline_mean = table.Column<double>(type: "double precision", nullable: false),
                    p10 = table.Column<double>(type: "double precision", nullable: false),
                    p25 = table.Column<double>(type: "double precision", nullable: false),
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

            migrationBuilder.CreateTable(
                name: "forecast_scores",
                schema: "core",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    forecast_run_id = table.Column<long>(type: "bigint", nullable: false),
                    forecast_as_of = table.Column<DateOnly>(type: "date", nullable: false),
                    product_id = table.Column<long>(type: "bigint", nullable: false),
                    period_start = table.Column<DateOnly>(type: "date", nullable: false),
                    step = table.Column<int>(type: "integer", nullable: false),
                    forecast = table.Column<double>(type: "double precision", nullable: false),
                    p10 = table.Column<double>(type: "double precision", nullable: false),
                    p90 = table.Column<double>(type: "double precision", nullable: false),
                    actual = table.Column<double>(type: "double precision", nullable: false),
                    naive_scale = table.Column<double>(type: "double precision", nullable: true),
                    scored_as_of = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_forecast_scores", x => x.id);
                    table.ForeignKey(
                        name: "fk_forecast_scores_prediction_runs_forecast_run_id",
                        column: x => x.forecast_run_id,
                        principalSchema: "core",
                        principalTable: "prediction_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_forecast_scores_products_product_id",
                        column: x => x.product_id,
                        principalSchema: "erp",
                        principalTable: "products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

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
                    predicted_date = table.Column<DateOnly>(type: "date", nullable: true),
                    p10_date = table.Column<DateOnly>(type: "date", nullable: true),
                    p25_date = table.Column<DateOnly>(type: "date", nullable: true),
                    p75_date = table.Column<DateOnly>(type: "date", nullable: true),
                    p90_date = table.Column<DateOnly>(type: "date", nullable: true),
                    cycle_p90_date = table.Column<DateOnly>(type: "date", nullable: true),
                    horizon_days = table.Column<int>(type: "integer", nullable: false),
                    probability_within_horizon = table.Column<double>(type: "double precision", nullable: false),
                    probability_customer_active = table.Column<double>(type: "double precision", nullable: false),
                    probability_product_active = table.Column<double>(type: "double precision", nullable: false),
                    probability_pair_active = table.Column<double>(type: "double precision", nullable: false),
                    dismissal_reason = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    dismissal_date = table.Column<DateOnly>(type: "date", nullable: true),
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

            migrationBuilder.CreateTable(
                name: "supply_messages",
                schema: "core",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    prediction_run_id = table.Column<long>(type: "bigint", nullable: false),
                    product_id = table.Column<long>(type: "bigint", nullable: false),
                    as_of = table.Column<DateOnly>(type: "date", nullable: false),
                    purchase_order_number = table.Column<string>(type: "text", nullable: false),
                    line_number = table.Column<int>(type: "integer", nullable: false),
                    supplier = table.Column<string>(type: "text", nullable: true),
                    action = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    current_date = table.Column<DateOnly>(type: "date", nullable: false),
                    suggested_date = table.Column<DateOnly>(type: "date", nullable: true),
                    quantity = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    reduce_by = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    shortfall = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    is_late = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_supply_messages", x => x.id);
                    table.ForeignKey(
                        name: "fk_supply_messages_prediction_runs_prediction_run_id",
                        column: x => x.prediction_run_id,
                        principalSchema: "core",
                        principalTable: "prediction_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_supply_messages_products_product_id",
                        column: x => x.product_id,
                        principalSchema: "erp",
                        principalTable: "products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "activities",
                schema: "crm",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    account_id = table.Column<long>(type: "bigint", nullable: false),
                    rep_id = table.Column<long>(type: "bigint", nullable: true),
                    contact_id = table.Column<long>(type: "bigint", nullable: true),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    occurred_on = table.Column<DateOnly>(type: "date", nullable: false),
                    subject = table.Column<string>(type: "text", nullable: true),
                    source_system = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    source_key = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    import_run_id = table.Column<long>(type: "bigint", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_activities", x => x.id);
                    table.ForeignKey(
                        name: "fk_activities_crm_accounts_account_id",
                        column: x => x.account_id,
                        principalSchema: "crm",
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_activities_reps_rep_id",
                        column: x => x.rep_id,
                        principalSchema: "crm",
                        principalTable: "reps",
                        principalColumn: "id");
                });

            migrationBuilder.CreateTable(
                name: "contacts",
                schema: "crm",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    account_id = table.Column<long>(type: "bigint", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    email = table.Column<string>(type: "text", nullable: true),
                    phone = table.Column<string>(type: "text", nullable: true),
                    preferred_language = table.Column<string>(type: "text", nullable: true),
                    opted_out = table.Column<bool>(type: "boolean", nullable: false),
                    nickname = table.Column<string>(type: "text", nullable: true),
                    source_system = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    source_key = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    import_run_id = table.Column<long>(type: "bigint", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_contacts", x => x.id);
                    table.ForeignKey(
                        name: "fk_contacts_crm_accounts_account_id",
                        column: x => x.account_id,
                        principalSchema: "crm",
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "customer_match_candidates",
                schema: "core",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    crm_account_id = table.Column<long>(type: "bigint", nullable: false),
                    erp_customer_id = table.Column<long>(type: "bigint", nullable: false),
                    score = table.Column<double>(type: "double precision", nullable: false),
                    evidence = table.Column<string>(type: "text", nullable: false),
                    decision = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    scored_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    decided_by = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_customer_match_candidates", x => x.id);
                    table.ForeignKey(
                        name: "fk_customer_match_candidates_crm_accounts_crm_account_id",
                        column: x => x.crm_account_id,
                        principalSchema: "crm",
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_customer_match_candidates_erp_customers_erp_customer_id",
                        column: x => x.erp_customer_id,
                        principalSchema: "erp",
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "opportunities",
                schema: "crm",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    account_id = table.Column<long>(type: "bigint", nullable: false),
                    owner_rep_id = table.Column<long>(type: "bigint", nullable: true),
                    name = table.Column<string>(type: "text", nullable: false),
                    stage = table.Column<string>(type: "text", nullable: false),
                    amount = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    created_on = table.Column<DateOnly>(type: "date", nullable: false),
                    expected_close = table.Column<DateOnly>(type: "date", nullable: true),
                    closed_on = table.Column<DateOnly>(type: "date", nullable: true),
                    outcome = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    lead_source = table.Column<string>(type: "text", nullable: true),
                    source_system = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    source_key = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    import_run_id = table.Column<long>(type: "bigint", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_opportunities", x => x.id);
                    table.ForeignKey(
                        name: "fk_opportunities_crm_accounts_account_id",
                        column: x => x.account_id,
                        principalSchema: "crm",
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_opportunities_reps_owner_rep_id",
                        column: x => x.owner_rep_id,
                        principalSchema: "crm",
                        principalTable: "reps",
                        principalColumn: "id");
                });

            migrationBuilder.CreateTable(
                name: "customer_account_links",
                schema: "core",
                columns: table => new
                {
                    crm_account_id = table.Column<long>(type: "bigint", nullable: false),
                    unified_customer_id = table.Column<long>(type: "bigint", nullable: false),
                    score = table.Column<double>(type: "double precision", nullable: false),
                    method = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_customer_account_links", x => x.crm_account_id);
                    table.ForeignKey(
                        name: "fk_customer_account_links_accounts_crm_account_id",
                        column: x => x.crm_account_id,
                        principalSchema: "crm",
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_customer_account_links_unified_customers_unified_customer_id",
                        column: x => x.unified_customer_id,
                        principalSchema: "core",
                        principalTable: "unified_customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "owner_conflicts",
                schema: "core",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    unified_customer_id = table.Column<long>(type: "bigint", nullable: false),
                    rep_ids = table.Column<long[]>(type: "bigint[]", nullable: false),
                    detail = table.Column<string>(type: "text", nullable: false),
                    detected_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    resolved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_owner_conflicts", x => x.id);
                    table.ForeignKey(
                        name: "fk_owner_conflicts_unified_customers_unified_customer_id",
                        column: x => x.unified_customer_id,
                        principalSchema: "core",
                        principalTable: "unified_customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "opportunity_lines",
                schema: "crm",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    opportunity_id = table.Column<long>(type: "bigint", nullable: false),
                    product_id = table.Column<long>(type: "bigint", nullable: false),
                    quantity = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    unit_price = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: true),
                    source_system = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    source_key = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    import_run_id = table.Column<long>(type: "bigint", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_opportunity_lines", x => x.id);
                    table.ForeignKey(
                        name: "fk_opportunity_lines_opportunities_opportunity_id",
                        column: x => x.opportunity_id,
                        principalSchema: "crm",
                        principalTable: "opportunities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_opportunity_lines_products_product_id",
                        column: x => x.product_id,
                        principalSchema: "erp",
                        principalTable: "products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

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
                    expected_value = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: true),
                    value_probability = table.Column<double>(type: "double precision", nullable: true),
                    value_basis = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: true),
                    value_basis_kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    value_horizon_days = table.Column<int>(type: "integer", nullable: true),
                    currency = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    due_date = table.Column<DateOnly>(type: "date", nullable: true),
                    snoozed_until = table.Column<DateOnly>(type: "date", nullable: true),
                    dismiss_reason_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
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

            migrationBuilder.CreateTable(
                name: "reminder_actions",
                schema: "outreach",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    reminder_id = table.Column<long>(type: "bigint", nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    reason_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    snoozed_until = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reminder_actions", x => x.id);
                    table.ForeignKey(
                        name: "fk_reminder_actions_reminders_reminder_id",
                        column: x => x.reminder_id,
                        principalSchema: "outreach",
                        principalTable: "reminders",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "crm_activity_deliveries",
                schema: "outreach",
                columns: table => new
                {
                    reminder_action_id = table.Column<long>(type: "bigint", nullable: false),
                    exported_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    delivered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    claimed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    gave_up_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_crm_activity_deliveries", x => x.reminder_action_id);
                    table.ForeignKey(
                        name: "fk_crm_activity_deliveries_reminder_actions_reminder_action_id",
                        column: x => x.reminder_action_id,
                        principalSchema: "outreach",
                        principalTable: "reminder_actions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_accounts_owner_rep_id",
                schema: "crm",
                table: "accounts",
                column: "owner_rep_id");

            migrationBuilder.CreateIndex(
                name: "ix_accounts_source_system_source_key",
                schema: "crm",
                table: "accounts",
                columns: new[] { "source_system", "source_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_activities_account_id_occurred_on",
                schema: "crm",
                table: "activities",
                columns: new[] { "account_id", "occurred_on" });

            migrationBuilder.CreateIndex(
                name: "ix_activities_rep_id",
                schema: "crm",
                table: "activities",
                column: "rep_id");

            migrationBuilder.CreateIndex(
                name: "ix_activities_source_system_source_key",
                schema: "crm",
                table: "activities",
                columns: new[] { "source_system", "source_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_api_tokens_rep_id",
                schema: "identity",
                table: "api_tokens",
                column: "rep_id");

            migrationBuilder.CreateIndex(
                name: "ix_api_tokens_token_hash",
                schema: "identity",
                table: "api_tokens",
                column: "token_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_asp_net_role_claims_role_id",
                schema: "identity",
                table: "AspNetRoleClaims",
                column: "role_id");

            migrationBuilder.CreateIndex(
                name: "RoleNameIndex",
                schema: "identity",
                table: "AspNetRoles",
                column: "normalized_name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_asp_net_user_claims_user_id",
                schema: "identity",
                table: "AspNetUserClaims",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_asp_net_user_logins_user_id",
                schema: "identity",
                table: "AspNetUserLogins",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_asp_net_user_roles_role_id",
                schema: "identity",
                table: "AspNetUserRoles",
                column: "role_id");

            migrationBuilder.CreateIndex(
                name: "EmailIndex",
                schema: "identity",
                table: "AspNetUsers",
                column: "normalized_email");

            migrationBuilder.CreateIndex(
                name: "UserNameIndex",
                schema: "identity",
                table: "AspNetUsers",
                column: "normalized_user_name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_contacts_account_id",
                schema: "crm",
                table: "contacts",
                column: "account_id");

            migrationBuilder.CreateIndex(
                name: "ix_contacts_source_system_source_key",
                schema: "crm",
                table: "contacts",
                columns: new[] { "source_system", "source_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_crm_activity_deliveries_delivered_at_next_attempt_at",
                schema: "outreach",
                table: "crm_activity_deliveries",
                columns: new[] { "delivered_at", "next_attempt_at" });

            migrationBuilder.CreateIndex(
                name: "ix_customer_account_links_unified_customer_id",
                schema: "core",
                table: "customer_account_links",
                column: "unified_customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_customer_match_candidates_crm_account_id_erp_customer_id",
                schema: "core",
                table: "customer_match_candidates",
                columns: new[] { "crm_account_id", "erp_customer_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_customer_match_candidates_decision",
                schema: "core",
                table: "customer_match_candidates",
                column: "decision");

            migrationBuilder.CreateIndex(
                name: "ix_customer_match_candidates_erp_customer_id",
                schema: "core",
                table: "customer_match_candidates",
                column: "erp_customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_customers_source_system_source_key",
                schema: "erp",
                table: "customers",
                columns: new[] { "source_system", "source_key" },
                unique: true);

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

            migrationBuilder.CreateIndex(
                name: "ix_erp_documents_delivered_at_next_attempt_at",
                schema: "erpsync",
                table: "erp_documents",
                columns: new[] { "delivered_at", "next_attempt_at" });

            migrationBuilder.CreateIndex(
                name: "ix_erp_documents_kind_key",
                schema: "erpsync",
                table: "erp_documents",
                columns: new[] { "kind", "key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_forecast_overrides_period_start",
                schema: "core",
                table: "forecast_overrides",
                column: "period_start");

            migrationBuilder.CreateIndex(
                name: "ix_forecast_overrides_product_id_period_start",
                schema: "core",
                table: "forecast_overrides",
                columns: new[] { "product_id", "period_start" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_forecast_scores_forecast_run_id_product_id_period_start",
                schema: "core",
                table: "forecast_scores",
                columns: new[] { "forecast_run_id", "product_id", "period_start" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_forecast_scores_product_id",
                schema: "core",
                table: "forecast_scores",
                column: "product_id");

            migrationBuilder.CreateIndex(
                name: "ix_forecast_scores_step_period_start",
                schema: "core",
                table: "forecast_scores",
                columns: new[] { "step", "period_start" });

            migrationBuilder.CreateIndex(
                name: "ix_import_runs_started_at",
                schema: "ingest",
                table: "import_runs",
                column: "started_at");

            migrationBuilder.CreateIndex(
                name: "ix_incoming_supply_product_id_expected_date",
                schema: "erp",
                table: "incoming_supply",
                columns: new[] { "product_id", "expected_date" });

            migrationBuilder.CreateIndex(
                name: "ix_incoming_supply_source_system_source_key",
                schema: "erp",
                table: "incoming_supply",
                columns: new[] { "source_system", "source_key" },
                unique: true);

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
                name: "ix_invoices_customer_id_due_date",
                schema: "erp",
                table: "invoices",
                columns: new[] { "customer_id", "due_date" });

            migrationBuilder.CreateIndex(
                name: "ix_invoices_source_system_source_key",
                schema: "erp",
                table: "invoices",
                columns: new[] { "source_system", "source_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_model_versions_kind",
                schema: "core",
                table: "model_versions",
                column: "kind",
                unique: true,
                filter: "is_current");

            migrationBuilder.CreateIndex(
                name: "ix_model_versions_kind_version",
                schema: "core",
                table: "model_versions",
                columns: new[] { "kind", "version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_opportunities_account_id_outcome",
                schema: "crm",
                table: "opportunities",
                columns: new[] { "account_id", "outcome" });

            migrationBuilder.CreateIndex(
                name: "ix_opportunities_owner_rep_id",
                schema: "crm",
                table: "opportunities",
                column: "owner_rep_id");

            migrationBuilder.CreateIndex(
                name: "ix_opportunities_source_system_source_key",
                schema: "crm",
                table: "opportunities",
                columns: new[] { "source_system", "source_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_opportunity_lines_opportunity_id",
                schema: "crm",
                table: "opportunity_lines",
                column: "opportunity_id");

            migrationBuilder.CreateIndex(
                name: "ix_opportunity_lines_product_id",
                schema: "crm",
                table: "opportunity_lines",
                column: "product_id");

            migrationBuilder.CreateIndex(
                name: "ix_opportunity_lines_source_system_source_key",
                schema: "crm",
                table: "opportunity_lines",
                columns: new[] { "source_system", "source_key" },
                unique: true);

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
                name: "ix_outbox_messages_key",
                schema: "outreach",
                table: "outbox_messages",
                column: "key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_status_next_attempt_at",
                schema: "outreach",
                table: "outbox_messages",
                columns: new[] { "status", "next_attempt_at" });

            migrationBuilder.CreateIndex(
                name: "ix_owner_conflicts_unified_customer_id",
                schema: "core",
                table: "owner_conflicts",
                column: "unified_customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_owner_conflicts_unified_customer_id1",
                schema: "core",
                table: "owner_conflicts",
                column: "unified_customer_id",
                unique: true,
                filter: "resolved_at IS NULL");

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

            migrationBuilder.CreateIndex(
                name: "ix_pipeline_runs_status",
                schema: "core",
                table: "pipeline_runs",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "ix_planning_setting_changes_product_id_changed_at",
                schema: "core",
                table: "planning_setting_changes",
                columns: new[] { "product_id", "changed_at" });

            migrationBuilder.CreateIndex(
                name: "ix_prediction_runs_kind_as_of",
                schema: "core",
                table: "prediction_runs",
                columns: new[] { "kind", "as_of" });

            migrationBuilder.CreateIndex(
                name: "ix_prediction_runs_model_version_id",
                schema: "core",
                table: "prediction_runs",
                column: "model_version_id");

            migrationBuilder.CreateIndex(
                name: "ix_prediction_runs_pipeline_run_id_kind",
                schema: "core",
                table: "prediction_runs",
                columns: new[] { "pipeline_run_id", "kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_product_cost_changes_product_id_effective_on",
                schema: "erp",
                table: "product_cost_changes",
                columns: new[] { "product_id", "effective_on" });

            migrationBuilder.CreateIndex(
                name: "ix_product_cost_changes_source_system_source_key",
                schema: "erp",
                table: "product_cost_changes",
                columns: new[] { "source_system", "source_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_products_sku",
                schema: "erp",
                table: "products",
                column: "sku");

            migrationBuilder.CreateIndex(
                name: "ix_products_source_system_source_key",
                schema: "erp",
                table: "products",
                columns: new[] { "source_system", "source_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_purchase_proposals_approved_at",
                schema: "core",
                table: "purchase_proposals",
                column: "approved_at");

            migrationBuilder.CreateIndex(
                name: "ix_purchase_proposals_key",
                schema: "core",
                table: "purchase_proposals",
                column: "key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_purchase_proposals_product_id",
                schema: "core",
                table: "purchase_proposals",
                column: "product_id");

            migrationBuilder.CreateIndex(
                name: "ix_reminder_actions_reminder_id_id",
                schema: "outreach",
                table: "reminder_actions",
                columns: new[] { "reminder_id", "id" });

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

            migrationBuilder.CreateIndex(
                name: "ix_reps_email",
                schema: "crm",
                table: "reps",
                column: "email");

            migrationBuilder.CreateIndex(
                name: "ix_reps_source_system_source_key",
                schema: "crm",
                table: "reps",
                columns: new[] { "source_system", "source_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_sales_order_lines_product_id",
                schema: "erp",
                table: "sales_order_lines",
                column: "product_id");

            migrationBuilder.CreateIndex(
                name: "ix_sales_order_lines_sales_order_id",
                schema: "erp",
                table: "sales_order_lines",
                column: "sales_order_id");

            migrationBuilder.CreateIndex(
                name: "ix_sales_order_lines_source_system_source_key",
                schema: "erp",
                table: "sales_order_lines",
                columns: new[] { "source_system", "source_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_sales_orders_customer_id_order_date",
                schema: "erp",
                table: "sales_orders",
                columns: new[] { "customer_id", "order_date" });

            migrationBuilder.CreateIndex(
                name: "ix_sales_orders_external_reference",
                schema: "erp",
                table: "sales_orders",
                column: "external_reference");

            migrationBuilder.CreateIndex(
                name: "ix_sales_orders_source_system_source_key",
                schema: "erp",
                table: "sales_orders",
                columns: new[] { "source_system", "source_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_stock_on_hand_product_id",
                schema: "erp",
                table: "stock_on_hand",
                column: "product_id");

            migrationBuilder.CreateIndex(
                name: "ix_stock_on_hand_source_system_source_key",
                schema: "erp",
                table: "stock_on_hand",
                columns: new[] { "source_system", "source_key" },
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

            migrationBuilder.CreateIndex(
                name: "ix_supplier_settings_supplier",
                schema: "core",
                table: "supplier_settings",
                column: "supplier",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_supply_messages_prediction_run_id_product_id_purchase_order",
                schema: "core",
                table: "supply_messages",
                columns: new[] { "prediction_run_id", "product_id", "purchase_order_number", "line_number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_supply_messages_product_id",
                schema: "core",
                table: "supply_messages",
                column: "product_id");

            migrationBuilder.CreateIndex(
                name: "ix_unified_customers_erp_customer_id",
                schema: "core",
                table: "unified_customers",
                column: "erp_customer_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_unified_customers_owner_rep_id",
                schema: "core",
                table: "unified_customers",
                column: "owner_rep_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "activities",
                schema: "crm");

            migrationBuilder.DropTable(
                name: "api_tokens",
                schema: "identity");

            migrationBuilder.DropTable(
                name: "AspNetRoleClaims",
                schema: "identity");

            migrationBuilder.DropTable(
                name: "AspNetUserClaims",
                schema: "identity");

            migrationBuilder.DropTable(
                name: "AspNetUserLogins",
                schema: "identity");

            migrationBuilder.DropTable(
                name: "AspNetUserRoles",
                schema: "identity");

            migrationBuilder.DropTable(
                name: "AspNetUserTokens",
                schema: "identity");

            migrationBuilder.DropTable(
                name: "contacts",
                schema: "crm");

            migrationBuilder.DropTable(
                name: "crm_activity_deliveries",
                schema: "outreach");

            migrationBuilder.DropTable(
                name: "customer_account_links",
                schema: "core");

            migrationBuilder.DropTable(
                name: "customer_match_candidates",
                schema: "core");

            migrationBuilder.DropTable(
                name: "demand_cv_rows",
                schema: "core");

            migrationBuilder.DropTable(
                name: "demand_forecasts",
                schema: "core");

            migrationBuilder.DropTable(
                name: "erp_documents",
                schema: "erpsync");

            migrationBuilder.DropTable(
                name: "forecast_overrides",
                schema: "core");

            migrationBuilder.DropTable(
                name: "forecast_scores",
                schema: "core");

            migrationBuilder.DropTable(
                name: "import_runs",
                schema: "ingest");

            migrationBuilder.DropTable(
                name: "incoming_supply",
                schema: "erp");

            migrationBuilder.DropTable(
                name: "inventory_plans",
                schema: "core");

            migrationBuilder.DropTable(
                name: "invoices",
                schema: "erp");

            migrationBuilder.DropTable(
                name: "opportunity_lines",
                schema: "crm");

            migrationBuilder.DropTable(
                name: "opportunity_observations",
                schema: "core");

            migrationBuilder.DropTable(
                name: "opportunity_scores",
                schema: "core");

            migrationBuilder.DropTable(
                name: "outbox_messages",
                schema: "outreach");

            migrationBuilder.DropTable(
                name: "owner_conflicts",
                schema: "core");

            migrationBuilder.DropTable(
                name: "pipeline_demand",
                schema: "core");

            migrationBuilder.DropTable(
                name: "planning_setting_changes",
                schema: "core");

            migrationBuilder.DropTable(
                name: "product_cost_changes",
                schema: "erp");

            migrationBuilder.DropTable(
                name: "product_planning_overrides",
                schema: "core");

            migrationBuilder.DropTable(
                name: "purchase_proposals",
                schema: "core");

            migrationBuilder.DropTable(
                name: "reorder_predictions",
                schema: "core");

            migrationBuilder.DropTable(
                name: "sales_order_lines",
                schema: "erp");

            migrationBuilder.DropTable(
                name: "stage_partitions",
                schema: "core");

            migrationBuilder.DropTable(
                name: "stock_on_hand",
                schema: "erp");

            migrationBuilder.DropTable(
                name: "stock_projections",
                schema: "core");

            migrationBuilder.DropTable(
                name: "supplier_settings",
                schema: "core");

            migrationBuilder.DropTable(
                name: "supply_messages",
                schema: "core");

            migrationBuilder.DropTable(
                name: "AspNetRoles",
                schema: "identity");

            migrationBuilder.DropTable(
                name: "AspNetUsers",
                schema: "identity");

            migrationBuilder.DropTable(
                name: "reminder_actions",
                schema: "outreach");

            migrationBuilder.DropTable(
                name: "sales_orders",
                schema: "erp");

            migrationBuilder.DropTable(
                name: "prediction_runs",
                schema: "core");

            migrationBuilder.DropTable(
                name: "reminders",
                schema: "outreach");

            migrationBuilder.DropTable(
                name: "model_versions",
                schema: "core");

            migrationBuilder.DropTable(
                name: "pipeline_runs",
                schema: "core");

            migrationBuilder.DropTable(
                name: "opportunities",
                schema: "crm");

            migrationBuilder.DropTable(
                name: "products",
                schema: "erp");

            migrationBuilder.DropTable(
                name: "unified_customers",
                schema: "core");

            migrationBuilder.DropTable(
                name: "accounts",
                schema: "crm");

            migrationBuilder.DropTable(
                name: "customers",
                schema: "erp");

            migrationBuilder.DropTable(
                name: "reps",
                schema: "crm");
        }
    }
}
