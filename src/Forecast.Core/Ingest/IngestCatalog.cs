using Forecast.Core.Data;

namespace Forecast.Core.Ingest;

/// <summary>The kinds of value an entity field holds, each with one PostgreSQL type and one parser.</summary>
public enum FieldType
{
    Text,
    Integer,
    Decimal,
    Date,
    Boolean,
    /// <summary>Stored as the enum member's name (EF maps our enums to strings).</summary>
    Enum,
    /// <summary>The source key of a row of another entity; stored as that row's id.</summary>
    Reference,
    /// <summary>
    /// Several texts, one per mapped column (a customer's other names), stored as <c>text[]</c> in column order; empty
    /// cells and repeats are dropped, so a row without any is an empty array, never null.
    /// </summary>
    TextList,
}

/// <summary>One field of an entity an import can write, in our names (JSON <see cref="Name"/>, SQL <see cref="Column"/>).</summary>
public sealed record TargetField(string Name, string Column, FieldType Type, string SqlType)
{
    /// <summary>A row without a value for it is rejected (unless the mapping gives a default).</summary>
    public bool Required { get; init; }

    /// <summary>Written on insert when the mapping does not name the field, or the cell is empty (a non-null column).</summary>
    public string? Default { get; init; }

    /// <summary>When the mapping does not name the field, it takes the row's source key (an order's number is its key).</summary>
    public bool DefaultsToKey { get; init; }

    public Type? EnumType { get; init; }

    /// <summary>For <see cref="FieldType.Reference"/>: the entity referred to.</summary>
    public string? References { get; init; }

    /// <summary>Exactly one email address (no display name, no list): reminders are sent to it.</summary>
    public bool IsEmail { get; init; }

    /// <summary>
    /// Free text (a product's description, a deal's name, an activity's subject) may hold tabs and line breaks, as ERP
    /// descriptions do; names of people and companies (used in mail), emails, codes and keys may not.
    /// </summary>
    public bool FreeText { get; init; }
}

/// <summary>An entity an import writes: one table with (source_system, source_key) unique.</summary>
public sealed record TargetEntity(string Name, string System, string Schema, string Table, IReadOnlyList<TargetField> Fields)
{
    /// <summary>A field that may be negative only on rows whose <see cref="NonNegativeUnless"/> flag is set (quantity unless return).</summary>
    public string? NonNegativeField { get; init; }
    public string? NonNegativeUnless { get; init; }

    public string QualifiedTable => $"{Schema}.{Table}";

    public TargetField? Field(string name) => Fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// Every entity an import can write, in dependency order: an entity comes after every entity it refers to,
/// so applying staged rows in this order always finds the parents (customers and products before orders, orders before lines).
/// </summary>
public static class IngestCatalog
{
    private const string Money = "numeric(18,4)";

    private static TargetField Text(string name, string column, bool required = false) => new(name, column, FieldType.Text, "text") { Required = required };
    private static TargetField Email(string name, string column, bool required = false) => Text(name, column, required) with { IsEmail = true };
    private static TargetField Int(string name, string column, bool required = false, string? @default = null) => new(name, column, FieldType.Integer, "integer") { Required = required, Default = @default };
    private static TargetField Dec(string name, string column, bool required = false, string? @default = null, string sqlType = Money) => new(name, column, FieldType.Decimal, sqlType) { Required = required, Default = @default };
    private static TargetField Date(string name, string column, bool required = false) => new(name, column, FieldType.Date, "date") { Required = required };
    private static TargetField Bool(string name, string column, string @default) => new(name, column, FieldType.Boolean, "boolean") { Default = @default };
    private static TargetField Enum<T>(string name, string column, string? @default = null) where T : struct, Enum =>
        new(name, column, FieldType.Enum, "text") { EnumType = typeof(T), Required = @default is null, Default = @default };
    // No default: the column's own ('{}') fills rows a mapping without the field inserts, and an update keeps the value.
    private static TargetField TextList(string name, string column) => new(name, column, FieldType.TextList, "text[]");
    private static TargetField Ref(string name, string column, string entity, bool required) => new(name, column, FieldType.Reference, "bigint") { References = entity, Required = required };

    public static IReadOnlyList<TargetEntity> Entities { get; } =
    [
        new("reps", "crm", "crm", "reps",
        [
            Text("name", "name", required: true), Email("email", "email", required: true), Text("team", "team"), Bool("active", "active", "true"),
        ]),
        new("customers", "erp", "erp", "customers",
        [
            Text("code", "code", required: true) with { DefaultsToKey = true }, Text("name", "name", required: true), Text("taxId", "tax_id"),
            Text("country", "country"), Text("language", "language"), Email("email", "email"),
            Int("paymentTermsDays", "payment_terms_days"), Dec("creditLimit", "credit_limit"), TextList("aliases", "aliases"),
        ]),
        new("products", "erp", "erp", "products",
        [
            Text("sku", "sku", required: true) with { DefaultsToKey = true }, Text("name", "name", required: true) with { FreeText = true }, Text("family", "family"),
            Text("unit", "unit"), Text("supplier", "supplier"), Int("leadTimeDays", "lead_time_days", @default: "0"),
            Dec("moq", "moq", @default: "0"), Dec("packSize", "pack_size", @default: "1"), Dec("unitCost", "unit_cost"), Dec("listPrice", "list_price"),
        ]),
        new("accounts", "crm", "crm", "accounts",
        [
            Text("name", "name", required: true), Text("emailDomain", "email_domain"), Text("taxId", "tax_id"),
            Text("country", "country"), Text("phone", "phone"), Ref("ownerRep", "owner_rep_id", "reps", required: false), Text("website", "website"),
            Text("address", "address") with { FreeText = true }, Text("city", "city"),
        ]),
        new("contacts", "crm", "crm", "contacts",
        [
            Ref("account", "account_id", "accounts", required: true), Text("name", "name", required: true), Email("email", "email"),
            Text("phone", "phone"), Text("preferredLanguage", "preferred_language"), Bool("optedOut", "opted_out", "false"),
            Text("nickname", "nickname"),
        ]),
        new("sales-orders", "erp", "erp", "sales_orders",
        [
            Text("orderNumber", "order_number", required: true) with { DefaultsToKey = true }, Ref("customer", "customer_id", "customers", required: true),
            Date("orderDate", "order_date", required: true), Date("requestedDate", "requested_date"),
            Enum<SalesOrderStatus>("status", "status", @default: nameof(SalesOrderStatus.Open)), Text("currency", "currency"),
            Text("externalReference", "external_reference"),
        ]),
        new("sales-order-lines", "erp", "erp", "sales_order_lines",
        [
            Ref("salesOrder", "sales_order_id", "sales-orders", required: true), Int("lineNumber", "line_number", required: true),
            Ref("product", "product_id", "products", required: true), Dec("quantity", "quantity", required: true),
            Dec("unitPrice", "unit_price", @default: "0", sqlType: "numeric(18,6)"), Bool("isReturn", "is_return", "false"),
        ])
        { NonNegativeField = "quantity", NonNegativeUnless = "isReturn" },
        new("invoices", "erp", "erp", "invoices",
        [
            Text("invoiceNumber", "invoice_number", required: true) with { DefaultsToKey = true }, Ref("customer", "customer_id", "customers", required: true),
            Ref("salesOrder", "sales_order_id", "sales-orders", required: false), Date("invoiceDate", "invoice_date", required: true),
            Date("dueDate", "due_date", required: true), Dec("amount", "amount", required: true), Dec("paidAmount", "paid_amount", @default: "0"),
            Text("currency", "currency"),
        ]),
        new("stock", "erp", "erp", "stock_on_hand",
        [
            Ref("product", "product_id", "products", required: true), Text("warehouse", "warehouse", required: true),
            Dec("quantity", "quantity", required: true), Date("asOf", "as_of", required: true),
        ]),
        new("incoming-supply", "erp", "erp", "incoming_supply",
        [
            Text("purchaseOrderNumber", "purchase_order_number", required: true), Int("lineNumber", "line_number", required: true),
            Ref("product", "product_id", "products", required: true), Dec("quantity", "quantity", required: true),
            Date("expectedDate", "expected_date", required: true), Text("supplier", "supplier"),
        ]),
        new("product-costs", "erp", "erp", "product_cost_changes",
        [
            Ref("product", "product_id", "products", required: true), Date("effectiveOn", "effective_on", required: true),
            Dec("unitCost", "unit_cost", required: true),
        ])
        { NonNegativeField = "unitCost" },
        new("opportunities", "crm", "crm", "opportunities",
        [
            Ref("account", "account_id", "accounts", required: true), Ref("ownerRep", "owner_rep_id", "reps", required: false),
            Text("name", "name", required: true) with { FreeText = true }, Text("stage", "stage", required: true), Dec("amount", "amount", @default: "0"),
            Date("createdOn", "created_on", required: true), Date("expectedClose", "expected_close"), Date("closedOn", "closed_on"),
            Enum<OpportunityOutcome>("outcome", "outcome", @default: nameof(OpportunityOutcome.Open)), Text("leadSource", "lead_source"),
        ]),
        new("opportunity-lines", "crm", "crm", "opportunity_lines",
        [
            Ref("opportunity", "opportunity_id", "opportunities", required: true), Ref("product", "product_id", "products", required: true),
            Dec("quantity", "quantity", required: true), Dec("unitPrice", "unit_price"),
        ]),
        new("activities", "crm", "crm", "activities",
        [
            Ref("account", "account_id", "accounts", required: true), Ref("rep", "rep_id", "reps", required: false),
            Ref("contact", "contact_id", "contacts", required: false), Enum<ActivityKind>("kind", "kind"),
            Date("occurredOn", "occurred_on", required: true), Text("subject", "subject") with { FreeText = true },
        ]),
    ];

    public static TargetEntity? Find(string name) =>
        Entities.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Position in dependency order: apply lower first.</summary>
    public static int Order(TargetEntity entity)
    {
        for (var i = 0; i < Entities.Count; i++)
        {
            if (ReferenceEquals(Entities[i], entity))
                return i;
        }
        throw new ArgumentException($"{entity.Name} is not in the catalog.", nameof(entity));
    }
}
