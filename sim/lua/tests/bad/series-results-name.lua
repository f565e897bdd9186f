-- expect: series-results-name.lua:3: series: name 'packets' would overwrite the run's own packets.csv
-- A series may not take the name of a results file of the run.
series { name = "packets", columns = { "t", "x" } }
