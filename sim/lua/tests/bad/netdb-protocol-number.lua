-- expect: netdb-protocol-number.lua:2: protocol 'xtp': number must be a whole number from 0 to 255, not '256'
protocol { name = "xtp", number = 256 }
