using Forecast.Core;
using Forecast.Core.Data;
using Forecast.Core.Ingest;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Forecast.UnitTests.Ingest;

public sealed class IngestCatalogTests
{
    private static readonly Dictionary<string, Type> ClrTypes = new()
    {
        ["customers"] = typeof(ErpCustomer), ["products"] = typeof(Product), ["sales-orders"] = typeof(SalesOrder),
        ["sales-order-lines"] = typeof(SalesOrderLine), ["invoices"] = typeof(Invoice), ["stock"] = typeof(StockOnHand),
        ["incoming-supply"] = typeof(IncomingSupply), ["reps"] = typeof(Rep), ["accounts"] = typeof(CrmAccount),
        ["contacts"] = typeof(Contact), ["opportunities"] = typeof(Opportunity), ["opportunity-lines"] = typeof(OpportunityLine),
        ["activities"] = typeof(Activity), ["product-costs"] = typeof(ProductCostChange),
    };

    private static IModel Model()
    {
        var options = new DbContextOptionsBuilder<ForecastDbContext>();
        ForecastCoreRegistration.ConfigureDbContext(options, "Host=localhost;Database=none", 30);
        using var context = new ForecastDbContext(options.Options);
        return context.GetService<IDesignTimeModel>().Model;
    }

    [Fact]
    public void Entities_NameTheTablesAndColumnsOfTheEfModel_ForEveryImportedEntity()
    {
        var model = Model();
        Assert.Equal(ClrTypes.Count, IngestCatalog.Entities.Count);
        foreach (var entity in IngestCatalog.Entities)
        {
            var type = model.FindEntityType(ClrTypes[entity.Name])!;
            Assert.Equal(entity.Table, type.GetTableName());
            Assert.Equal(entity.Schema, type.GetSchema());
            var table = StoreObjectIdentifier.Table(entity.Table, entity.Schema);
            var columns = type.GetProperties().ToDictionary(p => p.GetColumnName(table)!, p => p);
            foreach (var field in entity.Fields)
            {
                Assert.True(columns.TryGetValue(field.Column, out var property), $"{entity.Name}.{field.Name}: no column {field.Column}");
                if (property!.IsNullable)
                    Assert.False(field.Required, $"{entity.Name}.{field.Name} is nullable but required by the import");
                if (field.Type is not FieldType.Enum and not FieldType.Reference and not FieldType.Text)
                    Assert.Equal(field.SqlType, property.GetColumnType());
                // A column default in the database (customers.aliases: '{}') also fills rows a mapping without the field inserts.
                if (!property.IsNullable)
                    Assert.True(field.Required || field.Default is not null || property.GetDefaultValueSql() is not null,
                        $"{entity.Name}.{field.Name} is NOT NULL: it needs Required, a Default or a column default");
            }
            var nonNullColumns = type.GetProperties().Where(p => !p.IsNullable && !p.IsKey() && p.Name is not nameof(SourcedRow.SourceSystem)
                and not nameof(SourcedRow.SourceKey) and not nameof(SourcedRow.UpdatedAt));
            foreach (var property in nonNullColumns)
                Assert.Contains(entity.Fields, f => f.Column == property.GetColumnName(table));
        }
    }

    [Fact]
    public void Entities_ComeAfterEveryEntityTheyReferTo_SoApplyingInOrderFindsTheParents()
    {
        foreach (var entity in IngestCatalog.Entities)
        {
            foreach (var reference in entity.Fields.Where(f => f.Type == FieldType.Reference))
            {
                var parent = IngestCatalog.Find(reference.References!)!;
                Assert.True(IngestCatalog.Order(parent) < IngestCatalog.Order(entity), $"{entity.Name} refers to {parent.Name}, which comes later");
            }
        }
    }
}
