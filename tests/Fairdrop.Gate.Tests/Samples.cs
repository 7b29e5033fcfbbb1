namespace Fairdrop.Gate.Tests;

/// <summary>The rules of issue 7, as a merchant would write them, plus a few of our own.</summary>
internal static class Samples
{
    public const string IssueRules = """
        # From the issue: bots hammer add-to-cart and checkout during a drop.
        rule cart_burst "add-to-cart faster than a human"
          when action == "add_to_cart" and since_last("add_to_cart", customer) < 1s
          then block

        rule checkout_flood
          when action == "checkout" and count("checkout", ip, 1m) > 5
          then delay 20s

        rule fresh_account_on_drop shadow
          when product.limited and customer.age < 1h
          then challenge
        """;

    public const string MerchantRules = """
        rule scripted_clients "HTTP libraries, not browsers" priority 10
          when user_agent matches "(?i)(curl|python-requests|go-http-client|scrapy)"
          then block

        rule office_allowed
          when ip in [10.0.0.0/8, "2001:db8::/32"]
          then allow

        rule many_accounts_one_ip "account farming from one address"
          when action == "login" and distinct(ip, customer, 10m) > 3
          then challenge

        rule cart_without_browsing
          when action == "add_to_cart" and not (header("Referer") matches "^https://") and count("view_product", session, 5m) == 0
          then log
        """;
}
