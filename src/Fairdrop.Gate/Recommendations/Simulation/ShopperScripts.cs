using Fairdrop.Gate.Recommendations.Labels;

namespace Fairdrop.Gate.Recommendations.Simulation;

/// <summary>
/// How each kind of shopper moves through a drop. Humans think for seconds (log-normal, median 6 s), a few double-click
/// "add to cart", and some share a carrier's address; bots differ in speed, sessions and addresses, not in paths alone.
/// </summary>
#pragma warning disable CA5394 // Simulation, not security: the seeded random is the point.
internal sealed class ShopperScripts(NightBuilder night)
{
    private static readonly string[] Browsers =
    [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
        "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
    ];

    private const string HeadlessAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36";
    private const string Scripted = "python-requests/2.32.3";

    private readonly Random _random = night.Random;
    private readonly SimulationSettings _settings = night.Settings;

    // One human in twenty shares a mobile carrier's address (CGNAT) with about four others of this shop's drop.
    private string[]? _carrierAddresses;

    public void Human(int n)
    {
        var key = "h" + n;
        var loggedIn = _random.NextDouble() < 0.7;
        var who = new SimShopper(HumanAddress(), loggedIn ? "c-" + key : string.Empty, "s-" + key, "d-" + key, Pick(Browsers), SimHeaders.Human(key));
        var at = Arrival();
        var viewed = 1 + _random.Next(3);
        string product = Product();
        for (var i = 0; i < viewed; i++)
        {
            product = Product();
            night.Add(at, "view_product", who, product);
            at += Think();
        }

        var purchases = 0;
        if (_random.NextDouble() < 0.7)
        {
            night.Add(at, "add_to_cart", who, product);
            if (_random.NextDouble() < 0.005)
            {
                night.Add(at + Millis(150, 400), "add_to_cart", who, product); // a double click
            }

            at += Think();
            night.Add(at, "view_cart", who);
            if (_random.NextDouble() < 0.75)
            {
                at += Think();
                night.Add(at, "checkout", who);
                purchases = _random.NextDouble() < 0.8 ? 1 : 0;
            }
        }

        night.Know(ShopperKey.Of(who.Customer, who.Session, who.Ip), ShopperKind.Human, new LabelEvidence(purchases));
    }

    public void FastCart(int n)
    {
        var key = "fc" + n;
        var who = new SimShopper(BotAddress(), _random.NextDouble() < 0.5 ? "c-" + key : string.Empty, "s-" + key, "d-" + key,
            _random.NextDouble() < 0.5 ? Scripted : Pick(Browsers));
        who = who with { Headers = who.UserAgent == Scripted ? SimHeaders.Library : SimHeaders.ScriptWithCookies };
        var at = Arrival(rush: true);
        var product = Product();
        var attempts = 40 + _random.Next(80);
        for (var i = 0; i < attempts; i++)
        {
            night.Add(at, i % 10 == 9 ? "checkout" : "add_to_cart", who, product);
            at += Millis(100, 300);
        }

        KnowBot(who, ShopperKind.FastCart);
    }

    public void Headless(int n)
    {
        var key = "hl" + n;
        var who = new SimShopper(BotAddress(), "c-" + key, "s-" + key, "d-" + key, _random.NextDouble() < 0.7 ? HeadlessAgent : Pick(Browsers), SimHeaders.Headless);
        var at = Arrival(rush: true);
        var loops = 5 + _random.Next(15);
        for (var i = 0; i < loops; i++)
        {
            var product = Product();
            foreach (var action in (string[])["view_product", "add_to_cart", "view_cart", "checkout"])
            {
                night.Add(at, action, who, action == "view_product" ? product : null);
                at += Millis(300, 1_500);
            }
        }

        KnowBot(who, ShopperKind.Headless);
    }

    public void MultiSession(int n)
    {
        var address = BotAddress();
        var browser = Pick(Browsers);
        var at = Arrival(rush: true);
        var sessions = 20 + _random.Next(40);
        for (var s = 0; s < sessions; s++)
        {
            var key = $"ms{n}-{s}";
            var who = new SimShopper(address, string.Empty, "s-" + key, "d-" + key, browser, SimHeaders.MultiSession(n));
            var product = Product();
            var step = at;
            night.Add(step, "view_product", who, product);
            step += Millis(150, 300);
            night.Add(step, "add_to_cart", who, product);
            if (_random.NextDouble() < 0.5)
            {
                night.Add(step + Millis(150, 300), "checkout", who);
            }

            KnowBot(who, ShopperKind.MultiSession);
            at += Millis(100, 400);
        }
    }

    public void RotatingIp(int n)
    {
        var key = "ri" + n;
        var customer = "c-" + key;
        var browser = Pick(Browsers);
        var at = Arrival(rush: true);
        var attempts = 30 + _random.Next(50);
        SimShopper? who = null;
        for (var i = 0; i < attempts; i++)
        {
            who = new SimShopper(ResidentialAddress(), customer, $"s-{key}-{i}", "d-" + key, browser);
            night.Add(at, "add_to_cart", who, Product());
            at += Millis(500, 2_000);
        }

        KnowBot(who!, ShopperKind.RotatingIp);
    }

    public void SlowBot(int n)
    {
        var key = "sb" + n;
        var who = new SimShopper(BotAddress(), "c-" + key, "s-" + key, "d-" + key, Pick(Browsers));
        var at = Arrival(rush: true);
        var loops = 10 + _random.Next(20);
        for (var i = 0; i < loops; i++)
        {
            var product = Product();
            night.Add(at, "view_product", who, product);
            at += Think(median: 3);
            night.Add(at, "add_to_cart", who, product);
            at += Think(median: 3);
        }

        KnowBot(who, ShopperKind.SlowBot);
    }

    // What the merchant learns of a bot afterwards: a bot that bought is usually caught in order review (marked fraud),
    // one that did not is flagged half the time (a failed challenge, the drop's bot flag); the few that bought unflagged
    // pass for human, the rest stay unknown. A session of a many-session bot buys rarely: its operator buys, not each session.
    private void KnowBot(SimShopper who, ShopperKind kind)
    {
        var bought = _random.NextDouble() < (kind == ShopperKind.MultiSession ? 0.02 : 0.1) ? 1 : 0;
        var evidence = new LabelEvidence(bought)
        {
            MarkedFraud = bought == 1 && _random.NextDouble() < 0.9,
            DropBotFlag = bought == 0 && _random.NextDouble() < 0.5,
        };
        night.Know(ShopperKey.Of(who.Customer, who.Session, who.Ip), kind, evidence);
    }

    private DateTimeOffset Arrival(bool rush = false)
    {
        // Most humans, and every bot, come in the opening rush (the first fifteenth of the night).
        var rushLength = _settings.Length.TotalMilliseconds / 15;
        var offset = rush || _random.NextDouble() < 0.6 ? _random.NextDouble() * rushLength : _random.NextDouble() * _settings.Length.TotalMilliseconds;
        return _settings.Start.AddMilliseconds(Math.Floor(offset));
    }

    private TimeSpan Think(double median = 6)
    {
        var normal = Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());
        var seconds = Math.Clamp(median * Math.Exp(0.9 * normal), 0.8, 300);
        return TimeSpan.FromMilliseconds(Math.Floor(seconds * 1000));
    }

    private TimeSpan Millis(int min, int max) => TimeSpan.FromMilliseconds(_random.Next(min, max));

    private string Product() => "sneaker-" + _random.Next(_settings.Products);

    private string Pick(string[] items) => items[_random.Next(items.Length)];

    private string HumanAddress()
    {
        if (_random.NextDouble() >= 0.05)
        {
            return ResidentialAddress();
        }

        _carrierAddresses ??= [.. Enumerable.Range(0, Math.Max(1, _settings.Humans / 100)).Select(i => $"100.64.{i >> 8 & 255}.{i & 255}")];
        return Pick(_carrierAddresses);
    }

    private string ResidentialAddress() => $"{_random.Next(1, 224)}.{_random.Next(256)}.{_random.Next(256)}.{_random.Next(1, 255)}";

    private string BotAddress() => $"198.18.{_random.Next(256)}.{_random.Next(1, 255)}";
}
#pragma warning restore CA5394
