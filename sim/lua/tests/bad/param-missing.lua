-- expect: param: 'loss' was not given (--param loss=VALUE) and has no default
local loss = param("loss")
