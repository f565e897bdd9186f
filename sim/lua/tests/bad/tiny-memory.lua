-- expect: scenario exceeded the Lua memory cap
-- Run with --max-memory 16KB: below what the runtime itself needs.
print("never")
