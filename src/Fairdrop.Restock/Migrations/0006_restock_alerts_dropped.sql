-- One row per alert (docs/adr/0016, "Amended: one row per alert"): an alert is its exchange delivery, which carries the
-- exactly-once key restock:{round}:{subscription} as its source key (exchange migration 0007_delivery_source_key.sql,
-- unique per merchant). Deliveries written before this change carry no key: their rounds' alerts are not read back by
-- key (unsubscribe, attribution, sold-out notice), and a round resumed mid-wave may alert them once more.
DROP TABLE restock_alerts;
