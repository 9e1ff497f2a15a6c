"""What `manage.py bench_search` serves besides the portal: its two floors. Never used by the portal itself."""
