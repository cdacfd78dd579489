using Bulwark.Core.Signals;

namespace Bulwark.Core.Tests.Signals;

public sealed class TamperCodesTests
{
    [Fact]
    public void Patterns_AreDisjoint() => Assert.Empty(TamperCodes.SpooferPattern.Intersect(TamperCodes.PrivacyPattern));

    [Fact]
    public void Codes_SurviveSanitize()
    {
        // ClientSignals.Sanitize clips each name to 8 characters.
        Assert.All(TamperCodes.All, code => Assert.InRange(code.Length, 1, 8));
        Assert.Contains(TamperCodes.NotificationPermission, TamperCodes.All);
    }
}
