"""The API's call lists (CSV, JSON, XML): read into CallRecords, and written back."""
