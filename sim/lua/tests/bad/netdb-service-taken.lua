-- expect: netdb-service-taken.lua:2: service 'rlogin': 513/tcp is already the service 'login'
service { name = "rlogin", port = 513, proto = "tcp" }
