using System.Globalization;
using System.Text;
using System.Text.Unicode;
using Fairdrop.Exchange.Deliveries;
using Fairdrop.Exchange.Engagement;
using Fairdrop.Exchange.Matching;
using Microsoft.Win32.SafeHandles;

namespace Fairdrop.Exchange.Dispatch;

/// <summary>
/// One dispatch batch's page of the send journal (<see cref="SendJournal"/>): a line per delivery entering the window
/// (<c>S</c>, the whole claim, so that recovery can record it), then one per outcome (<c>O</c> sent, with the
/// provider's id; <c>N</c> anything else) or withdrawal (<c>W</c>). Each line is one write to the operating system,
/// which a killed process cannot take back, at a place reserved for it, so dispatch tasks never wait for each other's
/// writes (a delivery's start is written before its channel is called, so it always precedes its outcome; a place
/// reserved by a task that died before writing reads as zeros and is skipped). The outcomes also wait here for the batch's one database write
/// (<see cref="CompleteAsync"/>), after which the file goes.
/// </summary>
internal sealed class JournalSegment : IDisposable
{
    private readonly SafeFileHandle _file;
    private readonly SendJournal? _journal;
    private readonly Lock _lock = new();
    private readonly List<DeliveryOutcome> _outcomes = [];
    private readonly List<NewEngagementEvent> _events = [];
    private readonly Dictionary<Guid, ClaimedDelivery> _open = [];
    private readonly Action<Channel>? _freeSlot;
    private readonly int _flushEvery;
    // Outcome lines not yet written, and the deliveries (with the window slot each holds) they end.
    private byte[] _unwritten = new byte[4096];
    private int _unwrittenLength;
    private List<(Guid Id, Channel? Slot)> _unflushed = [];
    private long _offset;

    /// <param name="path">The page's file, created here.</param>
    /// <param name="journal">The process's journal, told which deliveries are open and recorded.</param>
    /// <param name="freeSlot">Gives a delivery's window slot back once its outcome line is written.</param>
    /// <param name="flushEvery">Outcome lines written together: a slot is held until its line is written, so the window still bounds them.</param>
    public JournalSegment(string path, SendJournal? journal = null, Action<Channel>? freeSlot = null, int flushEvery = 1)
    {
        Path = path;
        _journal = journal;
        _freeSlot = freeSlot;
        _flushEvery = Math.Max(1, flushEvery);
        _file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
    }

    public string Path { get; }

    /// <summary>Journals a delivery about to be handed to its channel.</summary>
    public void Start(ClaimedDelivery d)
    {
        lock (_lock)
        {
            if (_open.TryAdd(d.Id, d))
            {
                _journal?.Opened(d.Id);
            }
        }

        Span<byte> line = stackalloc byte[512];
        if (Utf8.TryWrite(line, CultureInfo.InvariantCulture, $"S\t{d.Id}\t{d.MerchantId}\t{d.DistributionId}\t{d.RecipientId}\t{d.Channel}\t{d.FallbackChannel ?? "-"}\t{d.Attempts}\t{d.Row}\t{d.Unrecorded}\n", out var length))
        {
            Append(line[..length]);
        }
        else
        {
            Append(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"S\t{d.Id}\t{d.MerchantId}\t{d.DistributionId}\t{d.RecipientId}\t{d.Channel}\t{d.FallbackChannel ?? "-"}\t{d.Attempts}\t{d.Row}\t{d.Unrecorded}\n")));
        }
    }

    /// <summary>
    /// Journals an outcome (from the write on, a crash cannot make it uncertain) and keeps it for the batch's write.
    /// Outcome lines are written a few at a time, or at once while a dispatch task waits for a window slot.
    /// </summary>
    public void Record(DeliveryOutcome outcome, NewEngagementEvent? engagementEvent, Channel? slot = null)
    {
        Span<byte> line = stackalloc byte[512];
        var provider = outcome.Kind == DeliveryOutcomeKind.Sent ? Uri.EscapeDataString(outcome.ProviderId ?? "") : null;
        var formatted = provider is null
            ? Utf8.TryWrite(line, $"N\t{outcome.Delivery.Id}\n", out var length)
            : Utf8.TryWrite(line, $"O\t{outcome.Delivery.Id}\t{provider}\n", out length);
        ReadOnlySpan<byte> text = formatted ? line[..length] : Encoding.UTF8.GetBytes($"O\t{outcome.Delivery.Id}\t{provider}\n");
        (byte[], int, List<(Guid, Channel?)>)? flush = null;
        lock (_lock)
        {
            _outcomes.Add(outcome);
            if (engagementEvent is not null)
            {
                _events.Add(engagementEvent);
            }

            if (!_open.Remove(outcome.Delivery.Id))
            {
                return; // never handed over: nothing to end in the journal
            }

            if (_unwrittenLength + text.Length > _unwritten.Length)
            {
                Array.Resize(ref _unwritten, Math.Max(_unwritten.Length * 2, _unwrittenLength + text.Length));
            }

            text.CopyTo(_unwritten.AsSpan(_unwrittenLength));
            _unwrittenLength += text.Length;
            _unflushed.Add((outcome.Delivery.Id, slot));
            if (_unflushed.Count >= _flushEvery || (_journal?.HasWaiters ?? false))
            {
                flush = TakeUnwritten();
            }
        }

        if (flush is { } taken)
        {
            WriteOutcomes(taken);
        }
    }

    /// <summary>Writes the outcome lines not yet written and frees their slots.</summary>
    public void Flush()
    {
        (byte[], int, List<(Guid, Channel?)>)? flush;
        lock (_lock)
        {
            flush = _unflushed.Count == 0 ? null : TakeUnwritten();
        }

        if (flush is { } taken)
        {
            WriteOutcomes(taken);
        }
    }

    private (byte[], int, List<(Guid, Channel?)>) TakeUnwritten()
    {
        var taken = (_unwritten[.._unwrittenLength], _unwrittenLength, _unflushed);
        _unwrittenLength = 0;
        _unflushed = [];
        return taken;
    }

    private void WriteOutcomes((byte[] Lines, int Length, List<(Guid Id, Channel? Slot)> Ended) taken)
    {
        Append(taken.Lines.AsSpan(0, taken.Length));
        foreach (var (id, slot) in taken.Ended)
        {
            if (slot is { } channel)
            {
                _freeSlot?.Invoke(channel);
            }

            _journal?.Closed(id, recorded: true);
        }
    }

    /// <summary>Journals that a started delivery was never handed over after all.</summary>
    public void Withdraw(ClaimedDelivery delivery)
    {
        bool started;
        lock (_lock)
        {
            started = _open.Remove(delivery.Id);
        }

        if (started)
        {
            Append(Encoding.UTF8.GetBytes($"W\t{delivery.Id}\n"));
            _journal?.Closed(delivery.Id, recorded: false);
        }
    }

    /// <summary>
    /// Writes the batch's outcomes and events in one transaction; deliveries still open (handed over, fate unknown)
    /// enter the database's send ledger in it, to be found uncertain. Then the page is deleted.
    /// </summary>
    public async Task CompleteAsync(DeliveryOutcomeStore store, DateTimeOffset now)
    {
        Flush();
        List<ClaimedDelivery> open;
        lock (_lock)
        {
            open = [.. _open.Values];
            _open.Clear();
        }

        // Only a delivery sent again after a crash has a ledger row to take out.
        var ended = _outcomes.Where(o => o.Delivery.Uncertain).Select(o => o.Delivery).ToList();
        await store.RecordAsync(_outcomes, _events, now, CancellationToken.None, new LedgerChanges(ended, open));
        if (_journal is { } journal)
        {
            open.ForEach(d => journal.Closed(d.Id, recorded: false)); // in the table now, where the next claim finds them
            _outcomes.ForEach(o => journal.Committed(o.Delivery.Id));
        }

        Dispose();
        File.Delete(Path);
    }

    public void Dispose()
    {
        _journal?.Forget(this);
        _file.Dispose();
    }

    private void Append(ReadOnlySpan<byte> line) =>
        RandomAccess.Write(_file, line, Interlocked.Add(ref _offset, line.Length) - line.Length);

    /// <summary>What a page left by a dead process says: deliveries sent (with the provider's id) and those whose fate is unknown.</summary>
    public static (List<(ClaimedDelivery Delivery, string ProviderId)> Sent, List<ClaimedDelivery> Unknown) Read(string path)
    {
        var started = new Dictionary<Guid, ClaimedDelivery>();
        var sent = new List<(ClaimedDelivery, string)>();
        var text = File.ReadAllText(path).Replace('\0', '\n'); // places reserved but never written
        var complete = text.LastIndexOf('\n') + 1; // a line cut by the crash was never acted on
        foreach (var line in text[..complete].Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var f = line.Split('\t');
            if (f[0] == "S" && f.Length == 10)
            {
                var id = Guid.Parse(f[1]);
                started[id] = new ClaimedDelivery(
                    id, Guid.Parse(f[2]), Guid.Parse(f[3]), Guid.Parse(f[4]), f[5], f[6] == "-" ? null : f[6],
                    long.Parse(f[7], CultureInfo.InvariantCulture), long.Parse(f[8], CultureInfo.InvariantCulture), long.Parse(f[9], CultureInfo.InvariantCulture));
            }
            else if (f.Length >= 2 && Guid.TryParse(f[1], out var id) && started.Remove(id, out var delivery) && f[0] == "O")
            {
                sent.Add((delivery, Uri.UnescapeDataString(f.Length > 2 ? f[2] : "")));
            }
        }

        return (sent, [.. started.Values]);
    }
}
