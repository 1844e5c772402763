using Forecast.Core.Access;
using Forecast.Core.Customers;
using Forecast.Core.Data;
using Forecast.IntegrationTests.Infrastructure;
using Forecast.IntegrationTests.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Forecast.IntegrationTests.Assistant;

/// <summary>
/// The web app over a small hand-made world for the order-status assistant: rep A's customers include two 張老闆 (Tainan
/// and Taichung), two 林 (林經理 who buys bearings, 林小姐 who does not), two companies of the 大同 brand, a German and an
/// American customer; rep B owns a third 張老闆 in Tainan and other names rep A must never reach. Customers are known by
/// their ERP code (the keys of <c>questions.json</c>). Read only for the tests that share it.
/// </summary>
public sealed class AssistantWorld : IAsyncLifetime
{
    public WebApp App { get; } = new();
    public RepLogin RepA { get; private set; } = null!;
    public RepLogin RepB { get; private set; } = null!;
    public Dictionary<string, long> Customers { get; } = [];
    public Dictionary<string, long> Orders { get; } = [];
    public DateOnly Today { get; } = DateOnly.FromDateTime(DateTime.UtcNow);

    private sealed record Person(string Name, string? Nickname);

    public async Task InitializeAsync()
    {
        await App.InitializeAsync();
        var stamp = DateTimeOffset.UtcNow;
        await using var db = App.Database.CreateContext();
        var repA = new Rep { SourceSystem = "crm", SourceKey = "U-A", Name = "業務甲 Amy", Email = "amy@demo.test", UpdatedAt = stamp };
        var repB = new Rep { SourceSystem = "crm", SourceKey = "U-B", Name = "業務乙 Ben", Email = "ben@demo.test", UpdatedAt = stamp };
        var bearing = Product("BR-1001", "Angular contact bearing BR512-C33", "Bearings");
        var drill = Product("DR-1001", "Solid carbide drill DR233-A12", "Drills");
        var coolant = Product("CL-1001", "Coolant concentrate 20L", "Coolant");
        db.AddRange(repA, repB, bearing, drill, coolant);
        await db.SaveChangesAsync();

        var seq = 0;
        async Task Customer(string code, string erpName, string[] aliases, string accountName, string? city, Rep owner, Person[] people, Product[] buys, string country = "TW")
        {
            var erp = new ErpCustomer { SourceSystem = "erp", SourceKey = code, Code = code, Name = erpName, Aliases = [.. aliases], Country = country, UpdatedAt = stamp };
            var account = new CrmAccount
            {
                SourceSystem = "crm", SourceKey = "ACC-" + code, Name = accountName, Country = country, OwnerRepId = owner.Id, City = city,
                Address = city is null ? null : city + "中山路1號", UpdatedAt = stamp,
            };
            db.AddRange(erp, account);
            await db.SaveChangesAsync();
            var unified = new UnifiedCustomer { DisplayName = erpName, ErpCustomerId = erp.Id, OwnerRepId = owner.Id, UpdatedAt = stamp };
            unified.Accounts.Add(new CustomerAccountLink { CrmAccountId = account.Id, Method = "name", Score = 1 });
            db.Add(unified);
            foreach (var p in people)
                db.Add(new Contact { SourceSystem = "crm", SourceKey = $"CON-{code}-{p.Name}", AccountId = account.Id, Name = p.Name, Nickname = p.Nickname, UpdatedAt = stamp });

            // Every customer: an order invoiced last month, and an open order of what it buys.
            var old = Order(code + "-OLD", erp, Today.AddDays(-40), SalesOrderStatus.Invoiced, [buys[0]], 5);
            var open = Order(code + "-OPEN", erp, Today.AddDays(-3), SalesOrderStatus.Open, buys, 12);
            db.AddRange(old, open);
            await db.SaveChangesAsync();
            db.Add(new Invoice
            {
                SourceSystem = "erp", SourceKey = "INV-" + code, InvoiceNumber = "INV-" + code, CustomerId = erp.Id, SalesOrderId = old.Id,
                InvoiceDate = Today.AddDays(-38), DueDate = Today.AddDays(-8), Amount = 1200, PaidAmount = 200, Currency = "TWD", UpdatedAt = stamp,
            });
            db.Add(new Activity
            {
                SourceSystem = "crm", SourceKey = "ACT-" + code, AccountId = account.Id, RepId = owner.Id, Kind = ActivityKind.Visit,
                OccurredOn = Today.AddDays(-5 - (++seq)), Subject = "季度拜訪 quarterly visit", UpdatedAt = stamp,
            });
            await db.SaveChangesAsync();
            Customers[code] = unified.Id;
            Orders[code + "-OPEN"] = open.Id;
            Orders[code + "-OLD"] = old.Id;
        }

        await Customer("TN-ZHANG", "台南永興精密工業股份有限公司", ["Tainan Yunghsing Precision Industrial Co., Ltd."], "永興精密", "臺南市", repA,
            [new("張志明", "張老闆"), new("吳佩珊", null)], [bearing, coolant]);
        await Customer("TC-ZHANG", "茂源機械有限公司", ["Maoyuan Machinery Co., Ltd."], "茂源機械", "台中市", repA, [new("張雅婷", "張老闆")], [drill]);
        await Customer("LIN", "鴻益刀具股份有限公司", ["Hungyi Cutting Tools Co., Ltd."], "鴻益刀具", "高雄市", repA, [new("林俊傑", "林經理")], [bearing, drill]);
        await Customer("LIN2", "寶隆科技股份有限公司", ["Paolung Technology Corp."], "寶隆科技", "新竹市", repA, [new("林淑芬", "林小姐")], [drill]);
        await Customer("WANG", "協榮軸承企業社", ["Hsiehjung Bearing Enterprise"], "協榮軸承", "彰化縣", repA, [new("王美玲", "阿玲")], [bearing]);
        await Customer("TATUNG-PREC", "大同精密股份有限公司", ["Tatung Precision Co., Ltd."], "大同精密", "新北市", repA, [new("陳建宏", null)], [coolant]);
        await Customer("TATUNG-MACH", "大同機械有限公司", ["Tatung Machinery Co., Ltd."], "大同機械", "桃園市", repA, [new("黃怡君", "黃小姐")], [drill]);
        await Customer("CHEN-TN", "台南佳順五金有限公司", ["Chiashun Hardware Co., Ltd."], "佳順五金", "台南市", repA, [new("陳家豪", "阿豪")], [coolant]);
        await Customer("KELLER", "Keller Werkzeug GmbH", [], "Keller Werkzeug", "Stuttgart", repA, [new("Stefan Keller", "Stefan")], [drill], "DE");
        await Customer("WU", "Apex Tooling LLC", [], "Apex Tooling", "Chicago", repA, [new("Kevin Wu", null)], [coolant], "US");
        await Customer("B-STEEL", "金豐鋼鐵股份有限公司", ["Chinfeng Steel Co., Ltd."], "金豐鋼鐵", "高雄市", repB, [new("蔡宗翰", "蔡董")], [drill]);
        await Customer("B-KOGYO", "Summit Kogyo Co., Ltd.", [], "Summit Kogyo", "Nagoya", repB, [new("Yuki Tanaka", null)], [coolant], "JP");
        await Customer("B-ZHANG", "台南億祥模具有限公司", ["Yihsiang Mold Co., Ltd."], "億祥模具", "台南市", repB, [new("張冠宇", "張老闆")], [bearing]);

        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        RepA = new RepLogin(repA.Id, await users.CreateOrResetAsync("assistant-a@test.local", "Rep A", Roles.Rep, repA.Id), await App.IssueTokenAsync(Roles.Rep, repA.Id));
        RepB = new RepLogin(repB.Id, await users.CreateOrResetAsync("assistant-b@test.local", "Rep B", Roles.Rep, repB.Id), await App.IssueTokenAsync(Roles.Rep, repB.Id));

        Product Product(string sku, string name, string family) =>
            new() { SourceSystem = "erp", SourceKey = sku, Sku = sku, Name = name, Family = family, Unit = "PCS", LeadTimeDays = 30, UpdatedAt = stamp };

        SalesOrder Order(string number, ErpCustomer customer, DateOnly day, SalesOrderStatus status, IEnumerable<Product> products, decimal quantity)
        {
            var order = new SalesOrder { SourceSystem = "erp", SourceKey = number, OrderNumber = number, CustomerId = customer.Id, OrderDate = day, Status = status, Currency = "TWD", UpdatedAt = stamp };
            var line = 0;
            foreach (var p in products)
                order.Lines.Add(new SalesOrderLine { SourceSystem = "erp", SourceKey = $"{number}-{++line}", LineNumber = line, ProductId = p.Id, Quantity = quantity, UnitPrice = 100, UpdatedAt = stamp });
            return order;
        }
    }

    /// <summary>The customer's ERP code (the questions' key) for an id, or null.</summary>
    public string? KeyOf(long? id) => id is null ? null : Customers.FirstOrDefault(c => c.Value == id).Key;

    public Task DisposeAsync() => App.DisposeAsync();
}
