using Bulwark.Core.Protocol;

namespace Bulwark.Core.Assessments;

public sealed record AnnotationRecord(
    string ProjectId,
    string AssessmentId,
    Annotation Annotation,
    IReadOnlyList<AnnotationReason> Reasons,
    string? AccountId,
    byte[]? HashedAccountId,
    string? TransactionEventJson,
    DateTimeOffset CreateTime);
