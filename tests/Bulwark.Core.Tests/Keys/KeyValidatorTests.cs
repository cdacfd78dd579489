using Bulwark.Core.Keys;
using Bulwark.Core.Protocol;

namespace Bulwark.Core.Tests.Keys;

public sealed class KeyValidatorTests
{
    private static Key Web(params string[] domains) => new()
    {
        DisplayName = "shop",
        WebSettings = new WebKeySettings { AllowedDomains = [.. domains], IntegrationType = IntegrationType.Score },
    };

    [Fact]
    public void Validate_GoodWebKey_Passes() => Assert.Null(KeyValidator.Validate(Web("example.com", "127.0.0.1", "localhost")));

    [Theory]
    [InlineData("https://example.com")]
    [InlineData("example.com/path")]
    [InlineData("example.com:8080")]
    [InlineData("*.example.com")]
    [InlineData("exa mple.com")]
    [InlineData("")]
    public void Validate_DomainThatIsNotAHost_Fails(string domain) => Assert.NotNull(KeyValidator.Validate(Web(domain)));

    [Fact]
    public void Validate_NoDomainsAndNotAllowAll_Fails() => Assert.NotNull(KeyValidator.Validate(Web()));

    [Fact]
    public void Validate_AllowAllDomainsWithoutList_Passes()
    {
        var key = Web();
        key.WebSettings!.AllowAllDomains = true;
        Assert.Null(KeyValidator.Validate(key));
    }

    [Fact]
    public void Validate_MissingDisplayName_Fails()
    {
        var key = Web("example.com");
        key.DisplayName = " ";
        Assert.Contains("display_name", KeyValidator.Validate(key), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TwoPlatforms_Fails()
    {
        var key = Web("example.com");
        key.AndroidSettings = new AndroidKeySettings { AllowAllPackageNames = true };
        Assert.NotNull(KeyValidator.Validate(key));
    }

    [Fact]
    public void Validate_NoPlatform_Fails() => Assert.NotNull(KeyValidator.Validate(new Key { DisplayName = "x" }));

    [Fact]
    public void Validate_WebKeyWithoutIntegrationType_Fails()
    {
        var key = Web("example.com");
        key.WebSettings!.IntegrationType = IntegrationType.IntegrationTypeUnspecified;
        Assert.NotNull(KeyValidator.Validate(key));
    }

    [Theory]
    [InlineData("com.example.app", true)]
    [InlineData("com.example.app_2", true)]
    [InlineData("example", false)]
    [InlineData("com..example", false)]
    [InlineData("1com.example", false)]
    public void Validate_AndroidPackageNames(string name, bool valid)
    {
        var key = new Key { DisplayName = "app", AndroidSettings = new AndroidKeySettings { AllowedPackageNames = [name] } };
        Assert.Equal(valid, KeyValidator.Validate(key) is null);
    }

    [Theory]
    [InlineData("com.example.App", true)]
    [InlineData("nodots", false)]
    public void Validate_IosBundleIds(string id, bool valid)
    {
        var key = new Key { DisplayName = "app", IosSettings = new IosKeySettings { AllowedBundleIds = [id] } };
        Assert.Equal(valid, KeyValidator.Validate(key) is null);
    }

    [Theory]
    [InlineData(0f, true)]
    [InlineData(0.5f, true)]
    [InlineData(1f, true)]
    [InlineData(1.5f, false)]
    [InlineData(-0.1f, false)]
    public void Validate_TestingScoreRange(float score, bool valid)
    {
        var key = Web("example.com");
        key.TestingOptions = new TestingOptions { TestingScore = score };
        Assert.Equal(valid, KeyValidator.Validate(key) is null);
    }

    [Theory]
    [InlineData("env", "prod", true)]
    [InlineData("Env", "prod", false)]
    [InlineData("env", "PROD", false)]
    public void Validate_Labels(string name, string value, bool valid)
    {
        var key = Web("example.com");
        key.Labels = new Dictionary<string, string> { [name] = value };
        Assert.Equal(valid, KeyValidator.Validate(key) is null);
    }
}
