-- expect: netdb-service-name.lua:2: service: name: bad name 'my service': use 1 to 64 letters, digits, '_', '-' or '.'
service { name = "my service", port = 7000, proto = "tcp" }
