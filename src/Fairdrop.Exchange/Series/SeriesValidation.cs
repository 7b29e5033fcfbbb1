using System.Text.RegularExpressions;
using Fairdrop.Core.Errors;
using Fairdrop.Core.Outbound;
using Fairdrop.Exchange.Inbound;
using Fairdrop.Exchange.Templates;

namespace Fairdrop.Exchange.Series;

/// <summary>
/// Checks a series definition before it is stored, naming the field and the step at fault: shapes and sizes, templates
/// that parse, keywords that are not the carriers' (STOP, HELP…), actions complete, webhook addresses the server may
/// call, every <c>goto</c> naming a step, every step reachable from the first, and no loop that could run forever (a
/// cycle of steps none of which has a timeout).
/// </summary>
internal static partial class SeriesValidation
{
    public const int MaxSteps = 50;
    public const int MaxReplies = 10;
    public const int MaxActions = 10;
    public const int MaxTimeoutMinutes = 30 * 24 * 60;
    public const int MaxButtonLength = 40;

    public static Error? Validate(SeriesDefinition definition, TemplateRenderer templates, OutboundGuard guard)
    {
        if (string.IsNullOrWhiteSpace(definition.Name) || definition.Name.Length > 200 || definition.Name.Any(char.IsControl))
        {
            return Error.Validation("name", "A series name of 1 to 200 characters is required.");
        }

        if (definition.SenderId is null)
        {
            return Error.Validation("senderId", "senderId must name one of the merchant's senders (its rules and channel order apply).");
        }

        if (definition.Steps is not { Count: > 0 and <= MaxSteps } steps)
        {
            return Error.Validation("steps", $"From 1 to {MaxSteps} steps are required.");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < steps.Count; i++)
        {
            if (ValidateStep(steps[i], $"steps[{i}]", templates, guard) is { } invalid)
            {
                return invalid;
            }

            if (!ids.Add(steps[i].Id!))
            {
                return Error.Validation($"steps[{i}].id", $"Step '{steps[i].Id}' is defined twice.");
            }
        }

        var start = definition.Start ?? steps[0].Id!;
        if (!ids.Contains(start))
        {
            return Error.Validation("start", $"The start step '{start}' is not defined.");
        }

        return CheckChannels(steps, steps.First(s => s.Id == start)) ?? CheckGotos(steps, ids) ?? CheckGraph(steps, start);
    }

    // A conversation stays on the channel its first message went out on, so every step must speak it.
    private static Error? CheckChannels(IReadOnlyList<SeriesStep> steps, SeriesStep start)
    {
        foreach (var step in steps)
        {
            if (start.Message!.Body is not null && step.Message!.Body is null)
            {
                return Error.Validation("steps", $"Step '{step.Id}' has no in-app body, but the first step has one: an in-app conversation could not go on.");
            }

            if (start.Message!.Sms is not null && step.Message!.Sms is null)
            {
                return Error.Validation("steps", $"Step '{step.Id}' has no sms text, but the first step has one: an SMS conversation could not go on.");
            }
        }

        return null;
    }

    private static Error? ValidateStep(SeriesStep step, string at, TemplateRenderer templates, OutboundGuard guard)
    {
        if (step.Id is null || !StepId().IsMatch(step.Id))
        {
            return Error.Validation($"{at}.id", "A step id of 1 to 40 letters, digits, '-' or '_' is required.");
        }

        var name = $"Step '{step.Id}'";
        if (step.Message is not { } message || (message.Body is null && message.Sms is null))
        {
            return Error.Validation($"{at}.message", $"{name} needs a message: body (in-app, with an optional title) and/or sms.");
        }

        foreach (var (field, source) in new[] { ("title", message.Title), ("body", message.Body), ("sms", message.Sms) })
        {
            if (source is not null && (source.Length > 4000 || templates.Validate(source) is not null))
            {
                return Error.Validation($"{at}.message.{field}", $"{name}: {templates.Validate(source)?.Message ?? "at most 4000 characters"}.");
            }
        }

        if (step.Fallback is { } fallback && (fallback.Length is 0 or > 1000 || templates.Validate(fallback) is not null))
        {
            return Error.Validation($"{at}.fallback", $"{name}: the fallback is a template of 1 to 1000 characters ({templates.Validate(fallback)?.Message ?? "length"}).");
        }

        var replies = step.Replies ?? [];
        if (replies.Count > MaxReplies)
        {
            return Error.Validation($"{at}.replies", $"{name} may expect at most {MaxReplies} replies.");
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var j = 0; j < replies.Count; j++)
        {
            if (ValidateReply(replies[j], $"{at}.replies[{j}]", name, seen, templates, guard) is { } invalid)
            {
                return invalid;
            }
        }

        if (step.FreeText is { } free && ValidateActions(free.Actions, $"{at}.freeText.actions", name, templates, guard) is { } freeInvalid)
        {
            return freeInvalid;
        }

        if (step.Timeout is { } timeout)
        {
            if (timeout.Minutes is not (>= 1 and <= MaxTimeoutMinutes))
            {
                return Error.Validation($"{at}.timeout.minutes", $"{name}: a timeout of 1 to {MaxTimeoutMinutes} minutes is required.");
            }

            return timeout.Actions is { Count: > 0 } ? ValidateActions(timeout.Actions, $"{at}.timeout.actions", name, templates, guard) : null;
        }

        return null;
    }

    private static Error? ValidateReply(ExpectedReply reply, string at, string name, HashSet<string> seen, TemplateRenderer templates, OutboundGuard guard)
    {
        var keywords = reply.Keywords ?? [];
        if (keywords.Count == 0 && string.IsNullOrWhiteSpace(reply.Button))
        {
            return Error.Validation(at, $"{name}: each expected reply needs keywords or a button.");
        }

        if (reply.Button is { } button && (button.Trim().Length is 0 or > MaxButtonLength || button.Any(char.IsControl)))
        {
            return Error.Validation($"{at}.button", $"{name}: a button label has 1 to {MaxButtonLength} characters.");
        }

        // A button may repeat its own reply's keyword; no word may start two different replies.
        foreach (var keyword in keywords.Append(reply.Button?.Trim()).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (keyword != reply.Button?.Trim() && !Keyword().IsMatch(keyword))
            {
                return Error.Validation($"{at}.keywords", $"{name}: the keyword '{keyword}' must be one word of 1 to 20 letters or digits.");
            }

            if (SmsKeywords.Classify(keyword) is { } reserved)
            {
                return Error.Validation($"{at}.keywords", $"{name}: '{keyword}' is the carriers' {reserved.ToUpperInvariant()} keyword and cannot start an action.");
            }

            if (!seen.Add(keyword))
            {
                return Error.Validation($"{at}.keywords", $"{name}: '{keyword}' is expected by two replies.");
            }
        }

        return ValidateActions(reply.Actions, $"{at}.actions", name, templates, guard);
    }

    private static Error? ValidateActions(IReadOnlyList<SeriesAction>? actions, string at, string name, TemplateRenderer templates, OutboundGuard guard)
    {
        if (actions is not { Count: > 0 and <= MaxActions })
        {
            return Error.Validation(at, $"{name}: from 1 to {MaxActions} actions are required.");
        }

        if (actions.Count(a => a.Type == SeriesActionKinds.Goto) > 1)
        {
            return Error.Validation(at, $"{name}: at most one goto per reply.");
        }

        for (var k = 0; k < actions.Count; k++)
        {
            if (ValidateAction(actions[k], $"{at}[{k}]", name, guard) is { } invalid)
            {
                return invalid;
            }

            if (actions[k].Text is { } text && templates.Validate(text) is { } notTemplate)
            {
                return Error.Validation($"{at}[{k}].text", $"{name}: {notTemplate.Message}.");
            }
        }

        return null;
    }

    private static Error? ValidateAction(SeriesAction action, string at, string name, OutboundGuard guard) => action.Type switch
    {
        SeriesActionKinds.Hold when action.Target is not ("product" or "drop") => Error.Validation($"{at}.target", $"{name}: a hold's target is product or drop."),
        SeriesActionKinds.Hold when string.IsNullOrWhiteSpace(action.Id) || action.Id.Length > 200 => Error.Validation($"{at}.id", $"{name}: a hold names its product or drop (id)."),
        SeriesActionKinds.Hold when action.Units is not (>= 1 and <= 100) => Error.Validation($"{at}.units", $"{name}: a hold is for 1 to 100 units."),
        SeriesActionKinds.Hold when action.Minutes is not (>= 1 and <= 1440) => Error.Validation($"{at}.minutes", $"{name}: a hold lasts 1 to 1440 minutes."),
        SeriesActionKinds.Cart when !IsHttpUrl(action.Url) => Error.Validation($"{at}.url", $"{name}: a cart action needs the storefront's cart URL (http or https)."),
        SeriesActionKinds.Cart when string.IsNullOrWhiteSpace(action.Id) || action.Id.Length > 200 => Error.Validation($"{at}.id", $"{name}: a cart action names the product (id)."),
        SeriesActionKinds.Cart when action.Units is not (null or (>= 1 and <= 100)) => Error.Validation($"{at}.units", $"{name}: a cart line has 1 to 100 units."),
        SeriesActionKinds.Webhook when action.Url is null || guard.Refusal(action.Url) is not null =>
            Error.Validation($"{at}.url", $"{name}: the webhook URL is refused: {(action.Url is null ? "it is required" : guard.Refusal(action.Url))}."),
        SeriesActionKinds.Goto when string.IsNullOrEmpty(action.Step) => Error.Validation($"{at}.step", $"{name}: goto names a step."),
        SeriesActionKinds.Hold or SeriesActionKinds.Cart or SeriesActionKinds.Webhook or SeriesActionKinds.Goto or SeriesActionKinds.Unsubscribe or SeriesActionKinds.Handoff =>
            action.Text is { Length: > 1000 } ? Error.Validation($"{at}.text", $"{name}: an action's text has at most 1000 characters.") : null,
        _ => Error.Validation($"{at}.type", $"{name}: unknown action '{action.Type}'; one of {string.Join(", ", SeriesActionKinds.All)}."),
    };

    private static Error? CheckGotos(IReadOnlyList<SeriesStep> steps, HashSet<string> ids)
    {
        foreach (var step in steps)
        {
            foreach (var target in SeriesGraph.Targets(step))
            {
                if (!ids.Contains(target))
                {
                    return Error.Validation("steps", $"Step '{step.Id}' goes to '{target}', which is not defined.");
                }
            }
        }

        return null;
    }

    private static Error? CheckGraph(IReadOnlyList<SeriesStep> steps, string start)
    {
        var byId = steps.ToDictionary(s => s.Id!, StringComparer.Ordinal);
        if (SeriesGraph.Unreachable(byId, start) is { } unreachable)
        {
            return Error.Validation("steps", $"Step '{unreachable}' cannot be reached from the start step '{start}'.");
        }

        return SeriesGraph.LoopWithoutTimeout(byId) is { } looping
            ? Error.Validation("steps", $"Step '{looping}' is in a cycle of steps none of which has a timeout: a conversation could loop forever.")
            : null;
    }

    private static bool IsHttpUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && url.Length <= 2000 && string.IsNullOrEmpty(uri.UserInfo);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,40}$")]
    private static partial Regex StepId();

    [GeneratedRegex(@"^[\p{L}\p{N}]{1,20}$")]
    private static partial Regex Keyword();
}
