-- expect: netdb-service-port.lua:2: service 'toyd': port must be a whole number from 1 to 65535, not '70000'
service { name = "toyd", port = 70000, proto = "tcp" }
