using Fairdrop.Core.Storage;
using Fairdrop.Exchange.Deliveries;
using Fairdrop.Exchange.Engagement;
using Fairdrop.Exchange.Matching;
using Fairdrop.Exchange.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fairdrop.Exchange.Dispatch;

/// <summary>
/// The send ledger of an embedded SQLite node, kept beside the database file (<c>fairdrop.db.sendlog/</c>) instead of
/// in it (docs/adr/0014, "The journal"): a delivery enters it and its outcome is noted in it by one write to the
/// operating system each, so the window's bookkeeping never waits for SQLite's one write lock, which a restock round
/// holds for whole chunks; the outcomes reach the database once per batch, as with no bound. A process killed
/// mid-batch leaves its pages behind; the next one to start reads them before it claims anything: what they say was
/// sent is recorded as sent, what they say was handed over with no outcome enters the database's ledger, to be found
/// uncertain when its claim runs out. Each process writes in a folder of its own, locked while it lives, so a second
/// process on the same file never takes a live one's pages for a dead one's.
/// </summary>
internal sealed class SendJournal : IDisposable
{
    private readonly string? _root;
    private readonly string? _folder;
    private readonly FileStream? _owner;
    private readonly DeliveryOutcomeStore _store;
    private readonly EngagementRecorder _engagement;
    private readonly TimeProvider _time;
    private readonly ILogger<SendJournal> _logger;
    private readonly SemaphoreSlim _recovering = new(1, 1);
    // Deliveries this process has handed over with no outcome yet, by how many of its pages hold them open.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, int> _open = new();
    // Deliveries whose outcome is journaled but not yet in the database (their batch's write is to come).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, byte> _recorded = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<JournalSegment, byte> _live = new();
    private readonly int _flushEvery;
    private bool _recovered;
    private long _pages;
    private int _waiters;

    public SendJournal(
        DbConnectionFactory connections, IOptions<ExchangeOptions> options, DeliveryOutcomeStore store, EngagementRecorder engagement, TimeProvider time, ILogger<SendJournal> logger)
    {
        _store = store;
        _engagement = engagement;
        _time = time;
        _logger = logger;
        if (connections is not SqliteConnectionFactory sqlite || options.Value.InFlightBound == 0 || !options.Value.SendJournal)
        {
            return;
        }

        // A few outcome lines per write, never more than an eighth of the smallest window (its slots stay taken until then).
        _flushEvery = Math.Clamp(ChannelNames.All.Min(c => options.Value.BoundOf(c)) / 8, 1, 16);
        _root = sqlite.Path + ".sendlog";
        _folder = System.IO.Path.Combine(_root, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        _owner = Lock(_folder) ?? throw new IOException($"Cannot lock the send journal folder {_folder}.");
    }

    /// <summary>Whether this node journals (SQLite with a bound); otherwise the ledger is the database's table.</summary>
    public bool Enabled => _folder is not null;

    /// <summary>A new page for one dispatch batch; <paramref name="freeSlot"/> gives window slots back as outcomes are written.</summary>
    public JournalSegment Open(Action<Channel> freeSlot)
    {
        var page = new JournalSegment(System.IO.Path.Combine(_folder!, $"{Interlocked.Increment(ref _pages)}.log"), this, freeSlot, _flushEvery);
        _live.TryAdd(page, 0);
        return page;
    }

    /// <summary>Whether a dispatch task waits for a window slot: outcome lines are then written at once.</summary>
    public bool HasWaiters => Volatile.Read(ref _waiters) > 0;

    /// <summary>A dispatch task is about to wait for a window slot: every page writes what it holds, freeing their slots.</summary>
    public void BeginWait()
    {
        Interlocked.Increment(ref _waiters);
        foreach (var page in _live.Keys)
        {
            page.Flush();
        }
    }

    public void EndWait() => Interlocked.Decrement(ref _waiters);

    internal void Forget(JournalSegment page) => _live.TryRemove(page, out _);

    /// <summary>
    /// Claims whose lease ran out while this process still had them: one still with its channel (a send slower than
    /// the lease) is uncertain, as the ledger table would have said; one whose outcome is journaled but waits for its
    /// batch's write is left out, for that write to record.
    /// </summary>
    public IReadOnlyList<ClaimedDelivery> Reclaimed(IReadOnlyList<ClaimedDelivery> claimed)
    {
        if (_open.IsEmpty && _recorded.IsEmpty)
        {
            return claimed;
        }

        return
        [
            .. claimed.Where(d => !_recorded.ContainsKey(d.Id)).Select(d => d.Uncertain || !_open.ContainsKey(d.Id) ? d : d with { Unrecorded = 1 }),
        ];
    }

    internal void Opened(Guid id) => _open.AddOrUpdate(id, 1, static (_, n) => n + 1);

    /// <summary>Its outcome is journaled (<paramref name="recorded"/>) or it went to the database's ledger.</summary>
    internal void Closed(Guid id, bool recorded)
    {
        if (recorded)
        {
            _recorded.TryAdd(id, 0);
        }

        if (_open.AddOrUpdate(id, 0, static (_, n) => n - 1) <= 0)
        {
            _open.TryRemove(new KeyValuePair<Guid, int>(id, 0));
        }
    }

    /// <summary>Its batch's write committed.</summary>
    internal void Committed(Guid id) => _recorded.TryRemove(id, out _);

    /// <summary>Reads the pages dead processes left, once, before this process claims anything.</summary>
    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        if (!Enabled || Volatile.Read(ref _recovered))
        {
            return;
        }

        await _recovering.WaitAsync(cancellationToken);
        try
        {
            if (_recovered)
            {
                return;
            }

            foreach (var folder in Directory.EnumerateDirectories(_root!).Where(f => f != _folder))
            {
                using var owner = Lock(folder);
                if (owner is null)
                {
                    continue; // a live process's
                }

                foreach (var page in Directory.EnumerateFiles(folder, "*.log"))
                {
                    await RecoverPageAsync(page);
                }

                owner.Dispose();
                Directory.Delete(folder, recursive: true);
            }

            _recovered = true;
        }
        finally
        {
            _recovering.Release();
        }
    }

    public void Dispose()
    {
        _recovering.Dispose();
        if (_owner is null)
        {
            return;
        }

        _owner.Dispose();
        try
        {
            // Pages of batches that completed are gone; one left by a batch that did not (an error) is read next start.
            if (!Directory.EnumerateFiles(_folder!, "*.log").Any())
            {
                Directory.Delete(_folder!, recursive: true);
            }
        }
        catch (IOException)
        {
            // Left for the next start, which reads and deletes it.
        }
    }

    private async Task RecoverPageAsync(string page)
    {
        var (sent, unknown) = JournalSegment.Read(page);
        var outcomes = sent.ConvertAll(s => DeliveryOutcome.Sent(s.Delivery, s.ProviderId.Length == 0 ? null : s.ProviderId));
        var events = outcomes.Select(_engagement.ForOutcome).OfType<NewEngagementEvent>().ToList();
        // Sent ones are recorded only if still claimed (the batch's own write may have committed before the kill).
        await _store.RecordAsync(outcomes, events, _time.GetUtcNow(), CancellationToken.None, new LedgerChanges([.. sent.Where(s => s.Delivery.Uncertain).Select(s => s.Delivery)], unknown));
        Log.JournalRecovered(_logger, page, outcomes.Count, unknown.Count);
        File.Delete(page);
    }

    /// <summary>Holds a folder's lock file; null when another process holds it.</summary>
    private static FileStream? Lock(string folder)
    {
        try
        {
            // FileShare.None is an exclusive advisory lock (flock) on Unix: released by the kernel when the process dies.
            return new FileStream(System.IO.Path.Combine(folder, "owner.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
