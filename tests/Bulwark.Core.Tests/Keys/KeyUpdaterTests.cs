using Bulwark.Core.Keys;
using Bulwark.Core.Protocol;

namespace Bulwark.Core.Tests.Keys;

public sealed class KeyUpdaterTests
{
    private static Key Existing() => new()
    {
        Name = "projects/p/keys/k",
        DisplayName = "old",
        Labels = new Dictionary<string, string> { ["env"] = "prod" },
        WebSettings = new WebKeySettings { AllowedDomains = ["old.example"], IntegrationType = IntegrationType.Score },
    };

    [Fact]
    public void Apply_MaskedFieldsOnly_AreChanged()
    {
        var patch = new Key { DisplayName = "new", Labels = [], WebSettings = new WebKeySettings { AllowedDomains = ["new.example"] } };

        var (updated, error) = KeyUpdater.Apply(Existing(), patch, "displayName,webSettings.allowedDomains");

        Assert.Null(error);
        Assert.Equal("new", updated!.DisplayName);
        Assert.Equal(["new.example"], updated.WebSettings!.AllowedDomains!);
        Assert.Equal(IntegrationType.Score, updated.WebSettings.IntegrationType);
        Assert.Equal("prod", updated.Labels!["env"]);
    }

    [Fact]
    public void Apply_SnakeCaseMask_IsAccepted()
    {
        var (updated, error) = KeyUpdater.Apply(Existing(), new Key { DisplayName = "n" }, "display_name");
        Assert.Null(error);
        Assert.Equal("n", updated!.DisplayName);
    }

    [Fact]
    public void Apply_EmptyMask_ReplacesAllMutableFields()
    {
        var patch = new Key { DisplayName = "n", AndroidSettings = new AndroidKeySettings { AllowAllPackageNames = true } };
        var (updated, _) = KeyUpdater.Apply(Existing(), patch, null);
        Assert.Null(updated!.WebSettings);
        Assert.NotNull(updated.AndroidSettings);
        Assert.Null(updated.Labels);
        Assert.Equal("projects/p/keys/k", updated.Name);
    }

    [Fact]
    public void Apply_UnknownPath_IsAnError()
    {
        var (updated, error) = KeyUpdater.Apply(Existing(), new Key(), "name");
        Assert.Null(updated);
        Assert.NotNull(error);
    }

    [Fact]
    public void Apply_DoesNotChangeTheExistingKey()
    {
        var existing = Existing();
        KeyUpdater.Apply(existing, new Key { DisplayName = "changed" }, "displayName");
        Assert.Equal("old", existing.DisplayName);
    }
}
