namespace Bulwark.Core.Assessments;

/// <summary>The store is too far behind to take more assessments now; callers answer 503 and clients retry.</summary>
public sealed class AssessmentQueueFullException : Exception
{
    public AssessmentQueueFullException()
        : base("The assessment queue is full.")
    {
    }

    public AssessmentQueueFullException(string message)
        : base(message)
    {
    }

    public AssessmentQueueFullException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
