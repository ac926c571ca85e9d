"""Support code for the leak-hunt tests (planted worlds and independently restated rules)."""
