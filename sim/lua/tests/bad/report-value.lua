-- expect: report: goodput = 1kb/s is not a finite number (a string)
report { goodput = "1kb/s" }
