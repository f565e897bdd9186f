-- expect: run-field.lua:2: run: unknown field 'stpo' (did you mean 'stop'?)
run { stpo = "1s" }
