using Forecast.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Forecast.DemoWorld;

/// <summary>Which parts of a demo world to put into the database.</summary>
[Flags]
public enum DemoSeedParts
{
    None = 0,
    /// <summary>Reps, products with their dated cost changes, ERP customers, CRM accounts and contacts.</summary>
    MasterData = 1,
    /// <summary>Opportunities with their lines (needs master data).</summary>
    Opportunities = 2,
    /// <summary>CRM activities (needs master data).</summary>
    Activities = 4,
    /// <summary>Sales orders, their lines and invoices (needs master data).</summary>
    Orders = 8,
    /// <summary>Stock on hand and open purchase-order lines (needs master data).</summary>
    Inventory = 16,
    All = MasterData | Opportunities | Activities | Orders | Inventory,
}

/// <summary>
/// Puts a generated <see cref="DemoWorld"/> straight into the database through EF, with the same source systems and
/// source keys an import of the CSV files gives, so tests can start from a realistic world without the import pipeline.
/// The keys are not defined here: <see cref="DemoSourceKeys"/> reads them from the shipped mappings and the export rows
/// <see cref="DemoWorldWriter"/> writes (DemoWorldSeederTests checks the result against a real import).
/// Inserts only: run it on an empty database.
/// </summary>
public static class DemoWorldSeeder
{
    private const int Batch = 5000;

    public static async Task SeedAsync(ForecastDbContext db, DemoWorld world, DemoSeedParts parts, CancellationToken cancellationToken = default)
    {
        var stamp = new DateTimeOffset(world.Options.AsOf.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var autoDetect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            var ids = await SeedMasterDataAsync(db, world, stamp, cancellationToken);
            if (parts.HasFlag(DemoSeedParts.Opportunities))
                await SeedOpportunitiesAsync(db, world, ids, stamp, cancellationToken);
            if (parts.HasFlag(DemoSeedParts.Activities) || parts.HasFlag(DemoSeedParts.Orders))
                await SeedHistoriesAsync(db, world, ids, parts, stamp, cancellationToken);
            if (parts.HasFlag(DemoSeedParts.Inventory))
                await SeedInventoryAsync(db, world, ids, stamp, cancellationToken);
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }
    }

    private sealed class Ids
    {
        public Dictionary<string, long> Reps { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, long> Products { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, long> Customers { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, long> Accounts { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, long> Contacts { get; } = new(StringComparer.Ordinal);
    }

    private static async Task<Ids> SeedMasterDataAsync(ForecastDbContext db, DemoWorld world, DateTimeOffset stamp, CancellationToken ct)
    {
        var ids = new Ids();
        var reps = world.Reps.Select(r => (r.Id, Row: new Rep { SourceSystem = DemoSourceKeys.Reps.System, SourceKey = DemoSourceKeys.Reps.Of(r), Name = r.Name, Email = r.Email, Team = r.Team, Active = r.Active, UpdatedAt = stamp })).ToList();
        var products = world.Products.Select(p => (p.Sku, Row: new Product
        {
            SourceSystem = DemoSourceKeys.Products.System, SourceKey = DemoSourceKeys.Products.Of(p), Sku = p.Sku, Name = p.Name, Family = p.Family, Unit = p.Unit, Supplier = p.Supplier,
            LeadTimeDays = p.LeadTimeDays, Moq = p.Moq, PackSize = p.PackSize, UnitCost = p.StandardCost, ListPrice = p.ListPrice, UpdatedAt = stamp,
        })).ToList();
        var customers = world.Customers.Select(c => (c.Code, Row: new ErpCustomer
        {
            SourceSystem = DemoSourceKeys.Customers.System, SourceKey = DemoSourceKeys.Customers.Of(c), Code = c.Code, Name = c.Name, TaxId = c.TaxId, Country = c.Country, Language = c.Language,
            Email = c.Email, PaymentTermsDays = c.PaymentDays, CreditLimit = c.CreditLimit, UpdatedAt = stamp,
        })).ToList();
        db.AddRange(reps.Select(r => r.Row));
        db.AddRange(products.Select(p => p.Row));
        db.AddRange(customers.Select(c => c.Row));
        await db.SaveChangesAsync(ct);
        foreach (var (key, row) in reps)
            ids.Reps[key] = row.Id;
        foreach (var (key, row) in products)
            ids.Products[key] = row.Id;
        foreach (var (key, row) in customers)
            ids.Customers[key] = row.Id;

        db.AddRange(world.CostChanges.Select(c => new ProductCostChange
        {
            SourceSystem = DemoSourceKeys.CostChanges.System, SourceKey = DemoSourceKeys.CostChanges.Of(c), ProductId = ids.Products[c.Product.Sku],
            EffectiveOn = c.EffectiveOn, UnitCost = c.UnitCost, UpdatedAt = stamp,
        }));
        await db.SaveChangesAsync(ct);

        var accounts = world.Accounts.Select(a => (a.Id, Row: new CrmAccount
        {
            SourceSystem = DemoSourceKeys.Accounts.System, SourceKey = DemoSourceKeys.Accounts.Of(a), Name = a.Name, EmailDomain = a.EmailDomain, TaxId = a.TaxNumber, Country = a.Country,
            Phone = a.Phone, OwnerRepId = ids.Reps[a.Owner.Id], City = a.City, Address = a.Address, UpdatedAt = stamp,
        })).ToList();
        db.AddRange(accounts.Select(a => a.Row));
        await db.SaveChangesAsync(ct);
        foreach (var (key, row) in accounts)
            ids.Accounts[key] = row.Id;

        var contacts = world.Accounts.SelectMany(a => a.Contacts).Select(c => (c.Id, Row: new Contact
        {
            SourceSystem = DemoSourceKeys.Contacts.System, SourceKey = DemoSourceKeys.Contacts.Of(c), AccountId = ids.Accounts[c.Account.Id], Name = c.Name, Email = c.Email, Phone = c.Phone,
            PreferredLanguage = c.Language, OptedOut = c.OptedOut, Nickname = c.Nickname, UpdatedAt = stamp,
        })).ToList();
        db.AddRange(contacts.Select(c => c.Row));
        await db.SaveChangesAsync(ct);
        foreach (var (key, row) in contacts)
            ids.Contacts[key] = row.Id;
        db.ChangeTracker.Clear();
        return ids;
    }

    private static async Task SeedOpportunitiesAsync(ForecastDbContext db, DemoWorld world, Ids ids, DateTimeOffset stamp, CancellationToken ct)
    {
        foreach (var chunk in world.Opportunities.Chunk(Batch))
        {
            foreach (var o in chunk)
            {
                var row = new Opportunity
                {
                    SourceSystem = DemoSourceKeys.Opportunities.System, SourceKey = DemoSourceKeys.Opportunities.Of(o), AccountId = ids.Accounts[o.Account.Id], OwnerRepId = ids.Reps[o.Owner.Id], Name = o.Name,
                    Stage = o.Stage, Amount = o.Amount, CreatedOn = o.CreatedOn, ExpectedClose = o.ExpectedClose, ClosedOn = o.ClosedOn,
                    Outcome = o.Outcome, LeadSource = o.LeadSource, UpdatedAt = stamp,
                };
                row.Lines.AddRange(o.Lines.Select(l => new OpportunityLine
                {
                    SourceSystem = DemoSourceKeys.OpportunityLines.System, SourceKey = DemoSourceKeys.OpportunityLines.Of((o, l)), ProductId = ids.Products[l.Product.Sku], Quantity = l.Quantity, UnitPrice = l.UnitPrice, UpdatedAt = stamp,
                }));
                db.Add(row);
            }
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
    }

    private static async Task SeedHistoriesAsync(ForecastDbContext db, DemoWorld world, Ids ids, DemoSeedParts parts, DateTimeOffset stamp, CancellationToken ct)
    {
        // Invoices point at orders by id, which PostgreSQL assigns: save the orders of a batch first, then its invoices.
        var invoices = new List<(Invoice Row, SalesOrder Order)>();
        var pending = 0;
        async Task FlushAsync()
        {
            await db.SaveChangesAsync(ct);
            foreach (var (row, order) in invoices)
            {
                row.SalesOrderId = order.Id;
                db.Add(row);
            }
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            invoices.Clear();
            pending = 0;
        }

        foreach (var history in world.Histories())
        {
            if (parts.HasFlag(DemoSeedParts.Orders))
            {
                var orders = new Dictionary<string, SalesOrder>(StringComparer.Ordinal);
                foreach (var o in history.Orders)
                {
                    var order = new SalesOrder
                    {
                        SourceSystem = DemoSourceKeys.Orders.System, SourceKey = DemoSourceKeys.Orders.Of(o), OrderNumber = o.Number, CustomerId = ids.Customers[o.Customer.Code],
                        OrderDate = o.OrderDate, RequestedDate = o.RequestedDate, Status = o.Status, Currency = o.Currency, UpdatedAt = stamp,
                    };
                    order.Lines.AddRange(o.Lines.Select(l => new SalesOrderLine
                    {
                        SourceSystem = DemoSourceKeys.OrderLines.System, SourceKey = DemoSourceKeys.OrderLines.Of((o, l)), LineNumber = l.LineNumber, ProductId = ids.Products[l.Product.Sku],
                        Quantity = l.Quantity, UnitPrice = l.UnitPrice, IsReturn = l.IsReturn, UpdatedAt = stamp,
                    }));
                    orders[o.Number] = order;
                    db.Add(order);
                    pending += 1 + o.Lines.Count;
                }
                foreach (var i in history.Invoices)
                {
                    invoices.Add((new Invoice
                    {
                        SourceSystem = DemoSourceKeys.Invoices.System, SourceKey = DemoSourceKeys.Invoices.Of(i), InvoiceNumber = i.Number, CustomerId = ids.Customers[i.Customer.Code],
                        InvoiceDate = i.InvoiceDate, DueDate = i.DueDate, Amount = i.Amount, PaidAmount = i.PaidAmount, Currency = i.Currency, UpdatedAt = stamp,
                    }, orders[i.OrderNumber]));
                    pending++;
                }
            }
            if (parts.HasFlag(DemoSeedParts.Activities))
            {
                foreach (var a in history.Activities)
                {
                    db.Add(new Activity
                    {
                        SourceSystem = DemoSourceKeys.Activities.System, SourceKey = DemoSourceKeys.Activities.Of(a), AccountId = ids.Accounts[a.Account.Id], RepId = ids.Reps[a.Rep.Id],
                        ContactId = a.Contact is null ? null : ids.Contacts[a.Contact.Id], Kind = a.Kind, OccurredOn = a.Date, Subject = a.Subject, UpdatedAt = stamp,
                    });
                    pending++;
                }
            }
            if (pending >= Batch)
                await FlushAsync();
        }
        await FlushAsync();
    }

    private static async Task SeedInventoryAsync(ForecastDbContext db, DemoWorld world, Ids ids, DateTimeOffset stamp, CancellationToken ct)
    {
        db.AddRange(world.Stock.Select(s => new StockOnHand
        {
            SourceSystem = DemoSourceKeys.Stock.System, SourceKey = DemoSourceKeys.Stock.Of(s), ProductId = ids.Products[s.Product.Sku], Warehouse = s.Warehouse,
            Quantity = s.Quantity, AsOf = s.AsOf, UpdatedAt = stamp,
        }));
        db.AddRange(world.PurchaseOrders.Select(p => new IncomingSupply
        {
            SourceSystem = DemoSourceKeys.PurchaseOrders.System, SourceKey = DemoSourceKeys.PurchaseOrders.Of(p), PurchaseOrderNumber = p.Number, LineNumber = p.LineNumber,
            ProductId = ids.Products[p.Product.Sku], Quantity = p.Quantity, ExpectedDate = p.ExpectedDate, Supplier = p.Supplier, UpdatedAt = stamp,
        }));
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }
}
