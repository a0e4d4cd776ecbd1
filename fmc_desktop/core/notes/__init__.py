"""Notes and tags on calls and numbers, the key that names a call, and who wrote what when."""
