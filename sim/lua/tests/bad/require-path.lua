-- expect: require-path.lua:2: require: bad module name '../../etc/passwd'
require("../../etc/passwd")
