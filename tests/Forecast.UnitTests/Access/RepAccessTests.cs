using Forecast.Core.Access;

namespace Forecast.UnitTests.Access;

public sealed class RepAccessTests
{
    [Theory]
    [InlineData(true, Roles.Rep)]
    [InlineData(false, Roles.Planner)]
    [InlineData(false, Roles.Admin)]
    [InlineData(false, Roles.Rep, Roles.Planner)]
    [InlineData(false, Roles.Rep, Roles.Admin)]
    [InlineData(false)]
    public void IsRepScoped_IsTrueOnlyForTheRepRoleAlone_WhenRolesAreCombined(bool expected, params string[] roles) =>
        Assert.Equal(expected, RepAccess.IsRepScoped(roles.Contains));
}
