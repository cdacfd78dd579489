using Bulwark.Core.Assessments;

namespace Bulwark.Core.Tests.Assessments;

public sealed class AssessmentIdTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void New_Is24LowercaseHexDigitsStartingWithTheMillisecond()
    {
        var id = AssessmentId.New(Now);

        Assert.Matches("^[0-9a-f]{24}$", id);
        Assert.Equal(Now.ToUnixTimeMilliseconds(), Convert.ToInt64(id[..12], 16));
    }

    [Fact]
    public void New_LaterMillisecond_SortsLater()
    {
        var earlier = AssessmentId.New(Now);
        var later = AssessmentId.New(Now.AddMilliseconds(1));

        Assert.True(string.CompareOrdinal(earlier, later) < 0);
    }

    [Fact]
    public void New_SameMillisecond_DiffersInTheRandomHalf()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => AssessmentId.New(Now)).ToHashSet();

        Assert.Equal(1000, ids.Count);
    }
}
