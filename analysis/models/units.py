"""Unit conversion constants. Names say what they convert; every formula uses these."""

HOURS_PER_DAY = 24.0
SECONDS_PER_HOUR = 3600.0
MINUTES_PER_HOUR = 60.0
DAYS_PER_YEAR = 365.25
TERA = 1e12
BYTES_PER_TB = 1e12  # decimal terabyte, as storage vendors and the documents use it
KWH_PER_MWH = 1e3
WH_PER_MWH = 1e6
PERCENT = 100.0
