using System.CommandLine;
using System.Globalization;
using Fairdrop.Cli;

namespace Fairdrop.Scenarios.Series;

/// <summary>
/// <c>fairdrop-bench series</c>: a two-way series launched to N in-app recipients against a plain exchange distribution
/// of the same message (inbox messages written per second, target ratio ≥ 0.8), and replies handled with their hold
/// and goto against the same replies recorded alone (target ≥ 0.5). Both pairs in the same run, on scratch SQLite (or
/// --postgres). Idle streams are <c>fairdrop-bench sdk-streams</c>'s figure.
/// </summary>
internal static class SeriesBenchCommand
{
    private const double LaunchTarget = 0.8;
    private const double ReplyTarget = 0.5;
    private const string IdleStreams = "fairdrop-bench sdk-streams --streams 10000";

    public static Command Create()
    {
        var storage = new StorageArguments();
        var recipients = new Option<int>("--recipients") { Description = "In-app recipients each launch and distribution goes to.", DefaultValueFactory = _ => 100_000 };
        var replies = new Option<int>("--replies") { Description = "Replies measured on each side (after a warm-up of up to 200 each).", DefaultValueFactory = _ => 10_000 };
        var rounds = new Option<int>("--rounds") { Description = "Rounds of (plain distribution, series launch), alternating which goes first.", DefaultValueFactory = _ => 2 };
        var concurrency = new Option<int>("--concurrency") { Description = "Replies in flight at once, on both sides.", DefaultValueFactory = _ => 8 };
        var command = new Command("series", "Two-way series: launch vs a plain distribution (inbox messages/s), replies with hold + goto vs recorded alone (replies/s).")
        {
            recipients,
            replies,
            rounds,
            concurrency,
        };
        storage.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var (n, r, k, c) = (parseResult.GetValue(recipients), parseResult.GetValue(replies), parseResult.GetValue(rounds), parseResult.GetValue(concurrency));
            var warm = Math.Min(200, r);
            if (r < 1 || k < 1 || c < 1 || n < r + warm)
            {
                await Console.Error.WriteLineAsync("fairdrop-bench: --replies, --rounds and --concurrency must be at least 1, and --recipients at least --replies plus the warm-up (up to 200).");
                return 2;
            }

            void Progress(string step) => Console.Error.WriteLine($"bench series: {step}");
            var settings = storage.ToSettings(parseResult);
            using var scratch = ScratchStorage.For(settings);
            await using var shop = await SeriesBenchShop.CreateAsync(settings, n, stock: 2L * (r + warm), Progress, cancellationToken);
            var launches = await SeriesLaunchBenchmark.RunAsync(shop, n, k, Progress, cancellationToken);
            var answers = await SeriesReplyBenchmark.RunAsync(shop, launches, warm, r, c, Progress, cancellationToken);
            if (answers.Holds != r + warm || answers.NextStepMessages != r + warm)
            {
                throw new InvalidOperationException($"{r + warm} replies acted, but {answers.Holds} holds and {answers.NextStepMessages} next-step messages.");
            }

            var (launchRatio, replyRatio) = (launches.SeriesPerSecond / launches.PlainPerSecond, answers.ActingPerSecond / answers.RecordedPerSecond);
            var f = CultureInfo.InvariantCulture;
            // The third figure of the issue has its own scenario (a server process of its own, so its memory is the streams').
            Console.WriteLine($"idle streams: run `{IdleStreams}` for the memory per stream (target ≤ 20 KB).");
            BenchReport.Print($"series on {shop.Database}: {n:N0} in-app recipients × {k} rounds; {r:N0} replies each, {c} at a time",
            [
                ("baseline: plain distribution, inbox messages/s", launches.PlainPerSecond.ToString("N0", f)),
                ("series launch, inbox messages/s", launches.SeriesPerSecond.ToString("N0", f)),
                ($"ratio (series / plain), target ≥ {LaunchTarget.ToString("0.0", f)}", launchRatio.ToString("0.00", f)),
                ("baseline: replies recorded alone, replies/s", answers.RecordedPerSecond.ToString("N0", f)),
                ("replies with hold + goto, replies/s", answers.ActingPerSecond.ToString("N0", f)),
                ($"ratio (with actions / recorded), target ≥ {ReplyTarget.ToString("0.0", f)}", replyRatio.ToString("0.00", f)),
                ("holds placed / next-step messages in inboxes", $"{answers.Holds:N0} / {answers.NextStepMessages:N0}"),
                ("idle streams, memory per stream", "sdk-streams"),
            ],
            new
            {
                scenario = "series",
                database = shop.Database,
                recipients = n,
                rounds = k,
                plain_messages_per_s = Math.Round(launches.PlainPerSecond),
                series_messages_per_s = Math.Round(launches.SeriesPerSecond),
                launch_ratio = Math.Round(launchRatio, 3),
                replies = r,
                concurrency = c,
                baseline_replies_per_s = Math.Round(answers.RecordedPerSecond, 1),
                replies_per_s = Math.Round(answers.ActingPerSecond, 1),
                reply_ratio = Math.Round(replyRatio, 3),
                holds = answers.Holds,
                next_step_messages = answers.NextStepMessages,
                idle_streams = IdleStreams,
                ratio = Math.Round(Math.Min(launchRatio, replyRatio), 3),
            });
            return launchRatio >= LaunchTarget && replyRatio >= ReplyTarget ? 0 : 1;
        });
        return command;
    }
}
