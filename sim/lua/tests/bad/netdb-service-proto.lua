-- expect: netdb-service-proto.lua:2: service 'toyd': proto must be "tcp" or "udp", not 'ddp'
service { name = "toyd", port = 7000, proto = "ddp" }
