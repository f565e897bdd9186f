-- expect: out of memory
-- Run with --max-memory 16KB: below what the runtime itself needs.
print("never")
