-- expect: series: columns[2] = 7 is not a name
series{ name = "b", columns = { "t", 7 } }
