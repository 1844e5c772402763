using System;
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
                name: "core");

            migrationBuilder.EnsureSchema(
                name: "erp");

            migrationBuilder.EnsureSchema(
                name: "ingest");

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
                name: "unified_customers",
                schema: "core",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    display_name = table.Column<string>(type: "text", nullable: false),
                    erp_customer_id = table.Column<long>(type: "bigint", nullable: true),
                    owner_rep_id = table.Column<long>(type: "bigint", nullable: true),
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
                    crm_account_id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    crm_account_id1 = table.Column<long>(type: "bigint", nullable: false),
                    unified_customer_id = table.Column<long>(type: "bigint", nullable: false),
                    score = table.Column<double>(type: "double precision", nullable: false),
                    method = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_customer_account_links", x => x.crm_account_id);
                    table.ForeignKey(
                        name: "fk_customer_account_links_accounts_crm_account_id1",
                        column: x => x.crm_account_id1,
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
                name: "ix_customer_account_links_crm_account_id1",
                schema: "core",
                table: "customer_account_links",
                column: "crm_account_id1");

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
                name: "ix_owner_conflicts_unified_customer_id",
                schema: "core",
                table: "owner_conflicts",
                column: "unified_customer_id");

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
                name: "contacts",
                schema: "crm");

            migrationBuilder.DropTable(
                name: "customer_account_links",
                schema: "core");

            migrationBuilder.DropTable(
                name: "customer_match_candidates",
                schema: "core");

            migrationBuilder.DropTable(
                name: "import_runs",
                schema: "ingest");

            migrationBuilder.DropTable(
                name: "incoming_supply",
                schema: "erp");

            migrationBuilder.DropTable(
                name: "invoices",
                schema: "erp");

            migrationBuilder.DropTable(
                name: "opportunity_lines",
                schema: "crm");

            migrationBuilder.DropTable(
                name: "owner_conflicts",
                schema: "core");

            migrationBuilder.DropTable(
                name: "prediction_runs",
                schema: "core");

            migrationBuilder.DropTable(
                name: "sales_order_lines",
                schema: "erp");

            migrationBuilder.DropTable(
                name: "stock_on_hand",
                schema: "erp");

            migrationBuilder.DropTable(
                name: "opportunities",
                schema: "crm");

            migrationBuilder.DropTable(
                name: "unified_customers",
                schema: "core");

            migrationBuilder.DropTable(
                name: "model_versions",
                schema: "core");

            migrationBuilder.DropTable(
                name: "sales_orders",
                schema: "erp");

            migrationBuilder.DropTable(
                name: "products",
                schema: "erp");

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
