using Bulwark.Core.Protocol;

namespace Bulwark.Core.Scoring;

/// <summary>One piece of evidence: a named signal, its pull on the log-odds of "human", and the reason code it supports.</summary>
public readonly record struct Evidence(string Signal, double Weight, ClassificationReason Reason);
