CREATE INDEX ix_test_widgets_made_at ON test_widgets (made_at);
