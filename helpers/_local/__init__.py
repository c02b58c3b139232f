"""The kit's plumbing, which no notebook imports: finding, starting and reaching the sandbox
(its record, its process, the SDK's HTTP client pointed at it) and reading the cast's settings."""
