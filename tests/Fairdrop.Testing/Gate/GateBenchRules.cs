namespace Fairdrop.Testing.Gate;

/// <summary>The 20-rule set of <c>fairdrop-bench gate</c>: what a merchant running a drop would write, most using activity.</summary>
public static class GateBenchRules
{
    public const string Text = """
        rule cart_burst when action == "add_to_cart" and since_last("add_to_cart", customer) < 1s then block
        rule cart_burst_session when action == "add_to_cart" and since_last("add_to_cart", session) < 500ms then block
        rule cart_flood_ip when action == "add_to_cart" and count("add_to_cart", ip, 1m) > 60 then challenge
        rule checkout_flood when action == "checkout" and count("checkout", ip, 1m) > 5 then delay 20s
        rule checkout_burst when action == "checkout" and since_last("checkout", customer) < 2s then block
        rule checkout_without_cart when action == "checkout" and count("add_to_cart", session, 30m) == 0 then challenge
        rule login_stuffing when action == "login" and count("login", ip, 5m) > 10 then block
        rule account_farm when action == "login" and distinct(ip, customer, 10m) > 5 then challenge
        rule hopping_customer when distinct(customer, ip, 10m) > 4 then challenge
        rule device_farm when distinct(device, customer, 1h) > 3 then queue
        rule view_scraper when action == "view_product" and count("view_product", ip, 1m) > 120 then block
        rule search_scraper when action == "search" and count("search", session, 1m) > 30 then delay 2s
        rule blind_add when action == "add_to_cart" and count("view_product", session, 10m) == 0 then log
        rule scripted_clients when user_agent matches "(?i)(curl|python|scrapy|httpclient)" then block
        rule no_user_agent when user_agent == "" then challenge
        rule office when ip in [10.0.0.0/8, 192.168.0.0/16] then allow
        rule register_flood when action == "register" and count("register", ip, 1h) > 3 then challenge
        rule drop_fresh_account shadow when product.limited and customer.age < 1h then challenge
        rule drop_hammer when product.limited and count("view_product", customer, 1m) > 30 then delay 5s
        rule cart_rapid_views when action == "add_to_cart" and since_last("view_product", customer) < 200ms then log
        """;
}
