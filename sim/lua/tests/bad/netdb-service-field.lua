-- expect: netdb-service-field.lua:2: service: unknown field 'prot' (did you mean 'proto'?)
service { name = "toyd", port = 7000, prot = "tcp" }
