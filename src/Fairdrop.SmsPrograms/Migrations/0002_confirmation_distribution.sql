-- ADR 0028: the exchange distribution every confirmation request of the program goes in (the text is the same for
-- everyone and a program's texts do not change), opened with the program. NULL for programs created before: their
-- requests each open their own distribution, as a repeated request to one number does.
ALTER TABLE sms_programs ADD COLUMN confirmation_distribution_id {{uuid}} NULL;
