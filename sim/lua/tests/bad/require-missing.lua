-- expect: require-missing.lua:2: require: no module 'nosuchmodule'
require("nosuchmodule")
