using System.Buffers;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Bulwark.Core.Keys;
using Bulwark.Core.Projects;
using Bulwark.Core.Protocol;
using Bulwark.Core.Reputation;
using Bulwark.Core.Results;
using Bulwark.Core.Scoring;
using Bulwark.Core.Signals;
using Bulwark.Core.Tokens;
using Bulwark.Core.Velocity;

namespace Bulwark.Core.Assessments;

/// <summary>createAssessment: open the token, check it against the key and the clock, score it, spend it and store the answer.</summary>
public sealed class AssessmentService(
    SiteKeyCache keys,
    KeyRingProvider ring,
    IRiskEngine engine,
    TrafficRecorder traffic,
    ReputationLists reputation,
    AssessmentWriter writer,
    IAssessmentStore store,
    TimeProvider time)
{
    public const int MaxAnnotationReasons = 32;
    public const int MaxAccountIdLength = 1024;

    public const string BrowserErrorPrefix = "err.";
    public const int MaxUserAgentLength = 2048;
    public const int MaxHeaders = 100;
    public const int MaxHeaderLength = 8192;
    public const int MaxRequestedUriLength = 4096;

    /// <summary>Nodes' clocks may differ a little; a token "from the future" beyond this was not made by us.</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    public async Task<Result<AssessmentRecord>> CreateAsync(Project project, Assessment request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(request);

        var ev = request.Event ?? new Event();
        if (Validate(ev) is { } error)
        {
            return error;
        }

        var now = time.GetUtcNow();
        var id = AssessmentId.New(now);
        var check = await CheckTokenAsync(project, ev, now, cancellationToken).ConfigureAwait(false);

        var response = new Assessment
        {
            Name = $"projects/{project.Id}/assessments/{id}",
            Event = ev,
            AssessmentEnvironment = request.AssessmentEnvironment,
            TokenProperties = new TokenProperties
            {
                Valid = check.Reason == InvalidReason.InvalidReasonUnspecified,
                InvalidReason = check.Reason,
                CreateTime = check.Payload?.CreateTime,
                Hostname = check.Payload?.Hostname ?? string.Empty,
                Action = check.Payload?.Action ?? string.Empty,
            },
            RiskAnalysis = new RiskAnalysis { ExtendedVerdictReasons = check.Extended },
        };

        byte[]? features = null;
        if (response.TokenProperties.Valid)
        {
            var signals = ClientSignals.Parse(check.Payload!.Signals.Span);
            var context = new RiskContext(check.Payload!, signals, ev, now)
            {
                Velocity = traffic.ObserveAssessment(check.Payload!, signals, ev, now),
                Network = reputation.Lookup(check.Payload!.ClientIp),
            };
            var verdict = engine.Evaluate(context);
            features = DescribeFeatures(context, verdict);
            if (check.Key!.Key.TestingOptions?.TestingScore is { } testingScore)
            {
                response.RiskAnalysis.Score = testingScore;
            }
            else
            {
                response.RiskAnalysis.Score = ScoreQuantizer.Quantize(verdict.HumanProbability, project.FullScoreLevels);
                response.RiskAnalysis.Reasons = ScoreQuantizer.Reasons(verdict.Evidence, project.FullScoreLevels);
            }
        }

        var record = ToRecord(project, id, now, check, response, features);
        var commit = new AssessmentCommit
        {
            Record = record,
            SpendTokenId = response.TokenProperties.Valid ? check.Payload!.TokenId : null,
            SpendExpiresAt = check.Payload is { } p ? p.CreateTime + TokenIssuer.Lifetime + ClockSkew : now,
            OnDuplicate = () => AsDuplicate(record),
        };

        return await writer.CommitAsync(commit).ConfigureAwait(false);
    }

    public async Task<Result<EmptyMessage>> AnnotateAsync(Project project, string assessmentId, AnnotateAssessmentRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(request);

        if (!Enum.IsDefined(request.Annotation))
        {
            return new Error(ErrorKind.InvalidArgument, "annotation is not a known value.");
        }

        var reasons = request.Reasons ?? [];
        if (reasons.Count > MaxAnnotationReasons || reasons.Any(r => !Enum.IsDefined(r)))
        {
            return new Error(ErrorKind.InvalidArgument, $"reasons holds at most {MaxAnnotationReasons} known values.");
        }

        if (request.AccountId is { Length: > MaxAccountIdLength } || request.HashedAccountId is { Length: > 256 })
        {
            return new Error(ErrorKind.InvalidArgument, "account_id or hashed_account_id is too long.");
        }

        if (request.TransactionEvent is { } te && !Enum.IsDefined(te.EventType))
        {
            return new Error(ErrorKind.InvalidArgument, "transaction_event.event_type is not a known value.");
        }

        string? transactionJson = request.TransactionEvent is null
            ? null
            : JsonSerializer.Serialize(new AnnotateAssessmentRequest { TransactionEvent = request.TransactionEvent }, ProtocolJson.Info<AnnotateAssessmentRequest>(enumsAsNumbers: false));
        var annotation = new AnnotationRecord(project.Id, assessmentId, request.Annotation, reasons, request.AccountId, request.HashedAccountId, transactionJson, time.GetUtcNow());
        return await store.AddAnnotationAsync(annotation, cancellationToken).ConfigureAwait(false)
            ? new EmptyMessage()
            : new Error(ErrorKind.NotFound, $"Assessment projects/{project.Id}/assessments/{assessmentId} was not found.");
    }

    private static AssessmentRecord AsDuplicate(AssessmentRecord record)
    {
        var response = record.Response;
        var dupe = new Assessment
        {
            Name = response.Name,
            Event = response.Event,
            AssessmentEnvironment = response.AssessmentEnvironment,
            TokenProperties = new TokenProperties
            {
                Valid = false,
                InvalidReason = InvalidReason.Dupe,
                CreateTime = response.TokenProperties!.CreateTime,
                Hostname = response.TokenProperties.Hostname,
                Action = response.TokenProperties.Action,
            },
            RiskAnalysis = new RiskAnalysis(),
        };
        return record with { Response = dupe, Score = 0, Valid = false, InvalidReason = InvalidReason.Dupe, Features = null };
    }

    private static AssessmentRecord ToRecord(Project project, string id, DateTimeOffset now, TokenCheck check, Assessment response, byte[]? features) => new()
    {
        ProjectId = project.Id,
        AssessmentId = id,
        SiteKey = check.Payload?.SiteKey ?? NullIfEmpty(response.Event?.SiteKey),
        CreateTime = now,
        Action = check.Payload?.Action,
        Hostname = check.Payload?.Hostname,
        Score = response.RiskAnalysis!.Score,
        Valid = response.TokenProperties!.Valid,
        InvalidReason = response.TokenProperties.InvalidReason,
        Response = response,
        Features = features,
    };

    private async ValueTask<TokenCheck> CheckTokenAsync(Project project, Event ev, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var token = ev.Token;
        if (string.IsNullOrEmpty(token))
        {
            return new(InvalidReason.Missing);
        }

        if (token.StartsWith(BrowserErrorPrefix, StringComparison.Ordinal))
        {
            return new(InvalidReason.BrowserError);
        }

        var opened = TokenCodec.Open(token, ring.Ring);
        if (opened.Status == TokenOpenStatus.UnknownKey)
        {
            var reloaded = await ring.ReloadForUnknownKeyAsync(opened.KeyId, cancellationToken).ConfigureAwait(false);
            opened = TokenCodec.Open(token, reloaded);
        }

        if (opened.Status != TokenOpenStatus.Ok)
        {
            return new(InvalidReason.Malformed);
        }

        var payload = opened.Payload!;
        var key = await keys.GetAsync(payload.SiteKey, cancellationToken).ConfigureAwait(false);
        if (key is null || key.ProjectId != project.Id
            || (!string.IsNullOrEmpty(ev.SiteKey) && !string.Equals(ev.SiteKey, payload.SiteKey, StringComparison.Ordinal)))
        {
            // v1 has no SITE_MISMATCH (v1beta1 had); say which check failed in extendedVerdictReasons.
            return new(InvalidReason.UnknownInvalidReason, payload, key, ["SITE_MISMATCH"]);
        }

        if (key.Key.WebSettings is { AllowAllDomains: false } web && !DomainMatcher.IsAllowed(payload.Hostname, web.AllowedDomains))
        {
            return new(InvalidReason.UnknownInvalidReason, payload, key, ["HOSTNAME_MISMATCH"]);
        }

        if (payload.CreateTime > now + ClockSkew)
        {
            return new(InvalidReason.Malformed, payload, key);
        }

        if (now - payload.CreateTime > TokenIssuer.Lifetime)
        {
            return new(InvalidReason.Expired, payload, key);
        }

        if (key.Key.WebSettings is { IntegrationType: IntegrationType.PolicyBasedChallenge } policy
            && !string.IsNullOrEmpty(ev.ExpectedAction)
            && !string.Equals(ev.ExpectedAction, payload.Action, StringComparison.OrdinalIgnoreCase)
            && ThresholdFor(policy, ev.ExpectedAction) > 0)
        {
            return new(InvalidReason.UnexpectedAction, payload, key);
        }

        return new(InvalidReason.InvalidReasonUnspecified, payload, key);
    }

    /// <summary>The proto: UNEXPECTED_ACTION only when the expected action's score threshold is above 0.</summary>
    private static float ThresholdFor(WebKeySettings web, string action)
    {
        var settings = web.ChallengeSettings;
        if (settings?.ActionSettings is { } perAction)
        {
            foreach (var (name, value) in perAction)
            {
                if (string.Equals(name, action, StringComparison.OrdinalIgnoreCase))
                {
                    return value.ScoreThreshold;
                }
            }
        }

        return settings?.DefaultSettings?.ScoreThreshold ?? 0;
    }

    private static Error? Validate(Event ev)
    {
        if (!string.IsNullOrEmpty(ev.UserIpAddress) && !IPAddress.TryParse(ev.UserIpAddress, out _))
        {
            return new Error(ErrorKind.InvalidArgument, "event.user_ip_address is not an IPv4 or IPv6 address.");
        }

        if (ev.UserAgent is { Length: > MaxUserAgentLength })
        {
            return new Error(ErrorKind.InvalidArgument, $"event.user_agent is longer than {MaxUserAgentLength} characters.");
        }

        if (ev.ExpectedAction is { Length: > TokenPayload.MaxActionLength })
        {
            return new Error(ErrorKind.InvalidArgument, $"event.expected_action is longer than {TokenPayload.MaxActionLength} characters.");
        }

        if (ev.SiteKey is { Length: > TokenPayload.MaxSiteKeyLength })
        {
            return new Error(ErrorKind.InvalidArgument, "event.site_key is not a site key.");
        }

        if (ev.Headers is { } headers && (headers.Count > MaxHeaders || headers.Any(h => h is null || h.Length > MaxHeaderLength)))
        {
            return new Error(ErrorKind.InvalidArgument, $"event.headers holds at most {MaxHeaders} headers of at most {MaxHeaderLength} characters.");
        }

        if (ev.RequestedUri is { Length: > MaxRequestedUriLength })
        {
            return new Error(ErrorKind.InvalidArgument, $"event.requested_uri is longer than {MaxRequestedUriLength} characters.");
        }

        return null;
    }

    /// <summary>
    /// What produced the score, stored with the assessment (bounded: at most 32 evidence items and
    /// the token's signals, themselves at most <see cref="TokenPayload.MaxSignalsLength"/> bytes), so
    /// the console can explain it and the learning issue can train on it.
    /// </summary>
    private static byte[] DescribeFeatures(RiskContext context, RiskVerdict verdict)
    {
        // One buffer and writer per thread, reused: features are written for every valid token.
        var buffer = _threadFeaturesBuffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        var json = _threadFeaturesWriter ??= new Utf8JsonWriter(buffer);
        json.Reset(buffer);
        {
            json.WriteStartObject();
            json.WriteNumber("p", Math.Round(verdict.HumanProbability, 4));
            json.WriteString("engine", verdict.Engine);
            json.WriteStartArray("evidence");
            foreach (var e in verdict.Evidence.Take(32))
            {
                json.WriteStartObject();
                json.WriteString("signal", e.Signal);
                json.WriteNumber("weight", e.Weight);
                json.WriteString("reason", ProtoEnumConverter<ClassificationReason>.NameFor(e.Reason));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            var v = context.Velocity;
            json.WriteStartObject("velocity");
            json.WriteNumber("addressMinute", v.AddressPerMinute);
            json.WriteNumber("addressHour", v.AddressPerHour);
            json.WriteNumber("networkMinute", v.NetworkPerMinute);
            json.WriteNumber("networkHour", v.NetworkPerHour);
            json.WriteNumber("siteMinute", v.SitePerMinute);
            json.WriteNumber("actionMinute", v.ActionPerMinute);
            json.WriteNumber("accountHour", v.AccountPerHour);
            json.WriteNumber("deviceHour", v.DevicePerHour);
            json.WriteNumber("challengeUses", v.ChallengeUses);
            json.WriteEndObject();
            json.WriteString("network", context.Network.ToString());
            json.WriteNumber("tokenFlags", (int)context.Token.Flags);
            json.WriteNumber("tokenAgeMs", Math.Max(0, (long)(context.Now - context.Token.CreateTime).TotalMilliseconds));
            if (context.Signals is not null && !context.Token.Signals.IsEmpty)
            {
                json.WritePropertyName("signals");
                json.WriteRawValue(context.Token.Signals.Span, skipInputValidation: true);
            }

            json.WriteEndObject();
            json.Flush();
        }

        return StoredFeatures.Encode(buffer.WrittenSpan);
    }

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _threadFeaturesBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? _threadFeaturesWriter;

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    private readonly record struct TokenCheck(InvalidReason Reason, TokenPayload? Payload = null, SiteKeyRecord? Key = null, List<string>? Extended = null);
}
